/**
 * Properties of the whole catalogue: every check has its test table, complete metadata, a unique id;
 * and no check can be made to pass by hiding evidence.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { THREATS } from "../src/checks/types.ts";
import { evaluateCheck } from "../src/engine/evaluate.ts";
import { type Fact, unknown } from "../src/evidence/fact.ts";
import type { WorkspaceEvidence } from "../src/evidence/model.ts";
import { goodEvidence, NOW } from "./support/evidence.ts";

const CHECK_DIR = new URL("../src/checks/", import.meta.url).pathname;

function checkFiles(): { file: string; source: string }[] {
  return readdirSync(CHECK_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => /(^|\/)[a-z]+-\d+-[a-z0-9-]+\.ts$/.test(file) && !file.endsWith(".test.ts"))
    .map((file) => ({ file, source: readFileSync(join(CHECK_DIR, file), "utf8") }));
}

describe("the check catalogue", () => {
  it("registers every check file, once", () => {
    const files = checkFiles();
    const ids = files.map(({ source }) => /id: "([A-Z]+-\d+)"/.exec(source)?.[1]);
    expect(ids.sort()).toEqual(CHECKS.map((check) => check.meta.id).sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each(checkFiles().map(({ file }) => [file]))("%s has a test table", (file) => {
    const testFile = join(CHECK_DIR, file.replace(/\.ts$/, ".test.ts"));
    const source = readFileSync(testFile, "utf8");
    expect(source).toMatch(/checkCases\(check,/);
  });

  it.each(CHECKS.map((check) => [check.meta.id, check] as const))("%s has complete metadata", (_id, check) => {
    const { meta } = check;
    expect(meta.title.length).toBeGreaterThan(10);
    expect(meta.controls.length).toBeGreaterThan(0);
    for (const control of meta.controls) expect(control).toMatch(/^(NS|IM|PA|DP|AM|LT|IR|PV|ES|BR|GS)-\d+$/);
    for (const threat of meta.threats) expect(Object.keys(THREATS)).toContain(threat);
    if (meta.id !== "GOV-16") expect(meta.guide.length).toBeGreaterThan(0);
    expect(meta.rationale.length).toBeGreaterThan(60);
    expect(meta.remediation.ui.length).toBeGreaterThan(20);
    // A Terraform resource, or — where the provider has none for the setting (DATA-32) — a comment that says
    // so and what to do instead, never a resource block the provider would refuse.
    expect(meta.remediation.terraform).toMatch(
      /resource "(azurerm|databricks)_|^# The Databricks provider has no argument for /,
    );
  });
});

/** Every fact in the evidence, with a setter that replaces it. */
function facts(evidence: WorkspaceEvidence): { path: string; set: (fact: Fact<unknown>) => void }[] {
  const found: { path: string; set: (fact: Fact<unknown>) => void }[] = [];
  const walk = (node: Record<string, unknown>, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === "object" && !Array.isArray(value)) {
        const record = value as Record<string, unknown>;
        if (record.status === "known" || record.status === "unknown")
          found.push({ path: `${path}${key}`, set: (fact) => void (node[key] = fact) });
        else walk(record, `${path}${key}.`);
      }
    }
  };
  walk(evidence.azure as unknown as Record<string, unknown>, "azure.");
  walk(evidence.databricks as unknown as Record<string, unknown>, "databricks.");
  walk(evidence.account as unknown as Record<string, unknown>, "account.");
  walk(evidence.entra as unknown as Record<string, unknown>, "entra.");
  return found;
}

describe("never a false pass", () => {
  const variants: [string, (e: WorkspaceEvidence) => void][] = [
    ["good evidence", () => {}],
    [
      "weak evidence",
      (e) => {
        for (const key of Object.keys(e.databricks.workspaceConf))
          e.databricks.workspaceConf[key] = { status: "known", value: null, source: "t" };
        e.azure.noPublicIp = { status: "known", value: false, source: "t" };
        e.azure.publicNetworkAccess = { status: "known", value: "Enabled", source: "t" };
      },
    ],
  ];
  it.each(variants)("hiding any single fact never turns a check into a pass (%s)", (_name, prepare) => {
    const base = goodEvidence();
    prepare(base);
    const before = new Map(
      CHECKS.map((check) => [check.meta.id, evaluateCheck(check, base, { profile: "high", now: NOW }).status]),
    );
    const paths = facts(base).map((f) => f.path);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const evidence = goodEvidence();
      prepare(evidence);
      facts(evidence)
        .find((f) => f.path === path)!
        .set(unknown("hidden by the test", "test"));
      for (const check of CHECKS) {
        const after = evaluateCheck(check, evidence, { profile: "high", now: NOW }).status;
        if (after === "pass")
          expect(before.get(check.meta.id), `${check.meta.id} passes once ${path} is hidden`).toBe("pass");
      }
    }
  });

  it("with every fact hidden no check passes", () => {
    const evidence = goodEvidence();
    for (const fact of facts(evidence)) fact.set(unknown("hidden by the test", "test"));
    for (const check of CHECKS) {
      const result = evaluateCheck(check, evidence, { profile: "high", now: NOW });
      // A manual check reads no evidence: it asks for an attestation, which only the engine turns into a pass.
      if (check.meta.sources.includes("attestation")) {
        expect(result.status, `${check.meta.id}: ${result.message}`).toBe("manual");
        continue;
      }
      expect(result.status, `${check.meta.id}: ${result.message}`).toBe("unknown");
      expect(result.message).toMatch(/hidden by the test/);
    }
  });
});

describe("partial lists (read by an identity that sees only part of the workspace)", () => {
  const markAllPartial = (evidence: WorkspaceEvidence) => {
    for (const fact of facts(evidence)) {
      const path = fact.path;
      const node = path.split(".").reduce<unknown>((at, key) => (at as Record<string, unknown>)[key], evidence);
      const current = node as Fact<unknown>;
      if (current.status === "known") fact.set({ ...current, partial: "read by a non-admin in this test" });
    }
  };

  it("no check passes or is 'not applicable' on a partial fact; failures found in it stand", () => {
    const good = goodEvidence();
    markAllPartial(good);
    for (const check of CHECKS) {
      const result = evaluateCheck(check, good, { profile: "high", now: NOW });
      expect(["pass", "not_applicable"], `${check.meta.id}: ${result.message}`).not.toContain(result.status);
    }
  });

  it("turns a pass into unknown that names the list and says what was visible, and keeps a failure", () => {
    const gov05 = CHECKS.find((check) => check.meta.id === "GOV-05")!;
    const evidence = goodEvidence();
    const before = evaluateCheck(gov05, evidence, { profile: "high", now: NOW });
    expect(before.status).toBe("pass");
    const policies = evidence.databricks.clusterPolicies;
    if (policies.status !== "known") throw new Error("fixture");
    evidence.databricks.clusterPolicies = { ...policies, partial: "read as bob, which is not a workspace admin" };
    const after = evaluateCheck(gov05, evidence, { profile: "high", now: NOW });
    expect(after.status).toBe("unknown");
    expect(after.message).toMatch(
      /^cluster policies may be incomplete \(read as bob, which is not a workspace admin\), so this cannot be shown to pass; on what was visible: /,
    );
    expect(after.evidence.find((use) => use.label === "cluster policies")?.partial).toMatch(/read as bob/);
    // A failure on a partial list is still a failure: what it holds is true.
    const weak = goodEvidence();
    weak.databricks.clusterPolicies = { status: "known", value: [], source: "t", partial: "read as bob" };
    expect(evaluateCheck(gov05, weak, { profile: "high", now: NOW }).status).toBe("fail");
  });
});

describe("severities follow docs/scoring.md's rubric", () => {
  const severity = (id: string) => CHECKS.find((check) => check.meta.id === id)!.meta.severity;
  it("only combined findings are critical, and every combined finding outranks each of its parts", () => {
    const order = ["info", "low", "medium", "high", "critical"];
    for (const check of CHECKS) {
      if (check.meta.category !== "combined") {
        expect(check.meta.severity, check.meta.id).not.toBe("critical");
        continue;
      }
      expect(check.parts?.length, check.meta.id).toBeGreaterThanOrEqual(2);
      expect(check.meta.combines, check.meta.id).toEqual(check.parts!.map((part) => part.meta.id));
      for (const part of check.meta.combines!)
        expect(order.indexOf(check.meta.severity), `${check.meta.id} vs ${part}`).toBeGreaterThan(
          order.indexOf(severity(part)),
        );
    }
    expect(CHECKS.filter((check) => check.meta.severity === "critical").length).toBeGreaterThan(0);
  });
  it("only inventories are info, and inventories judge at info", () => {
    for (const check of CHECKS)
      expect(check.meta.severity === "info", check.meta.id).toBe(check.meta.category === "inventory");
  });
});
