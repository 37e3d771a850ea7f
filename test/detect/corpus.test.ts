/**
 * The Panther rule files of the shared corpus (../shared/corpus/audit-log) as test cases: each sample
 * event is written as a Databricks audit log line (the format Panther's samples use), read through the
 * real ingest path, and judged by the detection the rule maps to; an alert must be raised exactly when
 * the rule's ExpectedResult is true. The mapping (src/detect/panther.ts, and why) is in docs/detections.md.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PANTHER_MAPPING } from "../../src/detect/panther.ts";
import { detect, withTempDir } from "./support.ts";

const CORPUS = new URL("../../../shared/corpus/audit-log/", import.meta.url).pathname;

interface PantherTest {
  Name: string;
  ExpectedResult: boolean;
  Log: Record<string, unknown>;
}

const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((name) => name.endsWith(".yml")) : [];

describe.runIf(files.length > 0)("Panther rules of the shared corpus", () => {
  it("maps every rule file of the corpus to a detection", () => {
    expect(files.filter((name) => !(name in PANTHER_MAPPING))).toEqual([]);
  });

  const cases = files.flatMap((name) => {
    const rule = parse(readFileSync(join(CORPUS, name), "utf8")) as { RuleID: string; Tests: PantherTest[] };
    const mapping = PANTHER_MAPPING[name];
    return mapping ? rule.Tests.map((test) => ({ rule: rule.RuleID, mapping, test })) : [];
  });

  it("has positive and negative cases", () => {
    expect(cases.some((c) => c.test.ExpectedResult)).toBe(true);
    expect(cases.some((c) => !c.test.ExpectedResult)).toBe(true);
  });

  it.each(cases.map((c) => [`${c.rule}: ${c.test.Name} → ${c.test.ExpectedResult}`, c] as const))(
    "%s",
    async (_name, { mapping, test }) => {
      await withTempDir(async (dir) => {
        const file = join(dir, "panther.json");
        await writeFile(file, `${JSON.stringify(test.Log)}\n`);
        const result = await detect({ paths: [file] }, { only: [mapping.detection] });
        expect(result.report.events, "the sample event is read").toBe(1);
        expect(result.report.files[0]?.format).toBe("databricks-json");
        const fired = result.alerts.filter(mapping.fires);
        expect(fired.length > 0, JSON.stringify(result.alerts.map((a) => a.summary))).toBe(test.ExpectedResult);
        if (test.ExpectedResult) {
          const email = (test.Log.userIdentity as { email?: string } | undefined)?.email;
          expect(fired[0]?.principal).toBe(email?.toLowerCase());
        }
      });
    },
  );
});

if (files.length === 0) {
  describe("Panther rules of the shared corpus", () => {
    it.skip(`skipped: ${CORPUS} is absent (the shared corpus is not checked out next to the repository)`, () => {});
  });
}
