/**
 * Property-based fuzzing of the inputs outside src/iac and src/detect (issue 10): snapshots, results
 * documents and snapshots given to `diff`, and lakeward.yaml. Each case is a mutation of a valid seed; the
 * harness (harness.ts) checks the four properties in a worker thread with a time bound per case.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe } from "vitest";
import { parse as parseYaml } from "yaml";
import { judge } from "../../src/cli/judge.ts";
import { makeSnapshot } from "../../src/evidence/snapshot.ts";
import { conf, goodEvidence, k, NOW, u } from "../support/evidence.ts";
import { fuzzParser } from "./harness.ts";
import { canary, hostileString, hostileYaml, mutatedJson, mutatedText } from "./mutate.ts";

/** A workspace with failures and unknowns beside goodEvidence's passes, so mutations reach every verdict. */
function mixedEvidence() {
  const evidence = goodEvidence();
  evidence.workspace = { ...evidence.workspace, name: "ws-mixed", workspaceId: "2" };
  conf(evidence, "enableIpAccessLists", "false");
  evidence.databricks.clusters = u("forbidden (HTTP 403 PERMISSION_DENIED: not an admin)");
  evidence.databricks.tokens = k([
    {
      id: "t1",
      createdBy: "a@x.y",
      ownerId: "1",
      createdAt: NOW.toISOString(),
      expiresAt: null,
      lastUsedDay: null,
      comment: "",
    },
  ]);
  return evidence;
}

const snapshotSeed = JSON.parse(JSON.stringify(makeSnapshot([goodEvidence(), mixedEvidence()], NOW)));
const resultsSeed = JSON.parse(JSON.stringify(judge([goodEvidence(), mixedEvidence()], "standard", NOW)));
/** lakeward.yaml's errors may quote names (a route's unknown channel), never the values of these keys. */
const CONFIG_SECRETS = { secretKeys: /url|secret|password|token|key|user|evidence|reason/i };
const configSeed = readFileSync(new URL("../../examples/lakeward.yaml", import.meta.url), "utf8");

describe("fuzzing the non-IaC inputs", () => {
  fuzzParser({
    name: "snapshot (scan --snapshot: validate, judge, render every format)",
    target: new URL("./targets/snapshot.ts", import.meta.url),
    cases: fc.tuple(mutatedJson(snapshotSeed), fc.constantFrom("standard", "high")).map(([mutated, profile]) => ({
      files: { "snapshot.json": mutated.text },
      secrets: mutated.secrets,
      options: { profile },
    })),
    runs: 60,
  });

  fuzzParser({
    name: "diff (results documents and snapshots, either side)",
    target: new URL("./targets/diff.ts", import.meta.url),
    cases: fc
      .tuple(
        fc.oneof(mutatedJson(resultsSeed), mutatedJson(snapshotSeed)),
        fc.constantFrom(resultsSeed, snapshotSeed),
        fc.boolean(),
      )
      .map(([mutated, other, mutatedIsOld]) => {
        const valid = JSON.stringify(other);
        return {
          files: mutatedIsOld
            ? { "old.json": mutated.text, "new.json": valid }
            : { "old.json": valid, "new.json": mutated.text },
          secrets: mutated.secrets,
        };
      }),
    runs: 60,
  });

  fuzzParser({
    name: "lakeward.yaml (load, then apply to a judgement)",
    target: new URL("./targets/config.ts", import.meta.url),
    cases: fc
      .oneof(mutatedText(configSeed, CONFIG_SECRETS), hostileYaml(parseYaml(configSeed), CONFIG_SECRETS))
      .map((mutated) => ({ files: { "lakeward.yaml": mutated.text }, secrets: mutated.secrets })),
    runs: 150,
  });
});

/** Notebook lines: code, safe secret reads, and credentials whose value is a canary. */
const notebookLine = fc.oneof(
  fc.constantFrom(
    "# Databricks notebook source",
    'df = spark.read.table("sales")',
    'key = dbutils.secrets.get("app", "key")',
    "# the password policy is documented elsewhere",
    "",
  ),
  hostileString,
  canary.chain((secret) =>
    fc.constantFrom(
      `jdbc_password = "${secret}"`,
      `conn = "Server=db;Password=${secret};"`,
      `url = "https://x.blob.core.windows.net/c?sv=1&sig=${secret}${secret}"`,
      `api_key: '${secret}'`,
    ),
  ),
);

describe("fuzzing the notebook credential scanner", () => {
  fuzzParser({
    name: "notebook credential scan (scanner bounds, DATA-23)",
    target: new URL("./targets/notebooks.ts", import.meta.url),
    cases: fc
      .record({
        notebooks: fc.array(
          fc
            .tuple(fc.array(notebookLine, { maxLength: 60 }), fc.constantFrom("\n", "\r\n"))
            .map(([lines, eol]) => lines.join(eol)),
          { minLength: 1, maxLength: 3 },
        ),
        maxBytes: fc.constantFrom(200, 2000, 1_000_000),
      })
      .map(({ notebooks, maxBytes }) => ({
        files: Object.fromEntries(notebooks.map((text, i) => [`nb${i}.py`, text])),
        secrets: [...notebooks.join("\n").matchAll(/CANARY-SECRET-[a-z0-9]{12}/g)].map((m) => m[0]),
        options: { maxBytes },
      })),
    runs: 100,
  });
});
