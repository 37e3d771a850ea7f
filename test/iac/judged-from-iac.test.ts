/**
 * Issue 15 items 4 and 11. Evidence the Terraform mapper builds is judged (IAM-07 on a databricks_token
 * without lifetime_seconds, DATA-08 on a databricks_mount): on the old code both were "not judged from IaC"
 * because the checks' metadata lacked the IaC source. Checks a configuration cannot show are listed once as
 * "not judged from IaC", in no workspace's results and out of the score (the old code kept them as unknown
 * in every workspace, scoring an IaC scan around 19/100 mostly because of them); the console shows file:line
 * for every IaC finding.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { score } from "../../src/engine/score.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { runCli } from "../support/cli.ts";
import { FIXTURES, verdicts } from "./support.ts";

const CONFIG = join(FIXTURES, "tokens-mounts");

describe("checks judged from the evidence a configuration declares (issue 15 item 4)", () => {
  it("a token without lifetime_seconds fails IAM-07; a mount fails DATA-08; both point at their resource", async () => {
    const { document } = await verdicts([CONFIG]);
    const results = document.workspaces[0]!.results;
    const iam07 = results.find((r) => r.checkId === "IAM-07")!;
    expect(iam07.status).toBe("fail");
    expect(iam07.message).toMatch(/databricks_token\.pipeline/);
    expect(iam07.message).not.toMatch(/databricks_token\.short/);
    expect(iam07.locations).toContainEqual({ file: "test/iac/fixtures/tokens-mounts/main.tf", line: 14 });
    const data08 = results.find((r) => r.checkId === "DATA-08")!;
    expect(data08.status).toBe("fail");
    expect(data08.message).toMatch(/\/mnt\/raw/);
    expect(data08.locations).toContainEqual({ file: "test/iac/fixtures/tokens-mounts/main.tf", line: 23 });
  });

  it("without a declared token, IAM-07 is not judged from IaC (live tokens are not in a configuration)", async () => {
    const { document } = await verdicts([join(FIXTURES, "module")]);
    expect(document.workspaces[0]!.results.some((r) => r.checkId === "IAM-07")).toBe(false);
    const entry = document.notJudged?.find((e) => e.checkId === "IAM-07");
    expect(entry?.reason).toMatch(/not declared/);
  });
});

describe("not judged from IaC: listed once, out of the score (issue 15 item 11)", () => {
  it("the results document lists them once with their workspaces; no workspace result or score holds them", async () => {
    const run = await runCli(["iac", CONFIG, join(FIXTURES, "module"), "--profile", "high", "--format", "json"]);
    const document = JSON.parse(run.stdout) as ResultsDocument;
    const notJudged = document.notJudged ?? [];
    const ids = notJudged.map((e) => e.checkId);
    expect(new Set(ids).size).toBe(ids.length);
    // IAM-02 (admins) and IAM-01 (Entra ID) read nothing a configuration declares.
    expect(ids).toEqual(expect.arrayContaining(["IAM-01", "IAM-02", "GOV-03"]));
    for (const entry of notJudged) expect(entry.workspaces.length, entry.checkId).toBeGreaterThan(0);
    for (const workspace of document.workspaces) {
      const skipped = notJudged.filter((e) => e.workspaces.includes(workspace.workspace.name)).map((e) => e.checkId);
      expect(workspace.results.filter((r) => skipped.includes(r.checkId))).toEqual([]);
      expect(workspace.score).toBe(score(workspace.results));
      const counted = Object.values(workspace.counts).reduce((a, b) => a + b, 0);
      expect(counted).toBe(workspace.results.length);
    }
  });

  it("the console shows file:line for each finding and the not-judged checks once", async () => {
    const run = await runCli(["iac", CONFIG, "--profile", "high"]);
    expect(run.stdout).toMatch(/IAM-07 +test\/iac\/fixtures\/tokens-mounts\/main\.tf:14 · /);
    expect(run.stdout).toMatch(/DATA-08 +test\/iac\/fixtures\/tokens-mounts\/main\.tf:23 · /);
    expect(run.stdout.match(/not judged from IaC/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/not judged from IaC +\d+ checks read what only the live workspace/);
    // Not one unknown line per workspace for checks that read only the live APIs.
    expect(run.stdout).not.toMatch(/unknown +IAM-02/);
  });
});
