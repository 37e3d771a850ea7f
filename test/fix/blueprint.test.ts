/**
 * `lakeward blueprint` writes a configuration that passes lakeward's own checks: at each profile, its
 * files parse with the HCL parser `lakeward iac` uses, and `lakeward iac` — with the example variables
 * the blueprint ships — judges no check failing and the checks the blueprint is built for passing.
 * (Terraform itself is not installable here: `terraform validate` is not run.)
 */
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { blueprintFiles } from "../../src/blueprint/blueprint.ts";
import { PROVIDER_VERSIONS } from "../../src/fix/module.ts";
import { parseHcl } from "../../src/iac/hcl/parse.ts";
import { verdicts } from "../iac/support.ts";
import { runCli } from "../support/cli.ts";

/** What the blueprint declares for each profile, so these must pass (not only "not fail"). */
const MUST_PASS = {
  standard: [
    "NET-01",
    "NET-02",
    "NET-03",
    "NET-04",
    "NET-11",
    "IAM-06",
    "IAM-08",
    "IAM-11",
    "DATA-12",
    "DATA-13",
    "DATA-14",
    "DATA-15",
    "DATA-16",
    "DATA-17",
    "DATA-19",
    "DATA-22",
    "DATA-28",
    "GOV-01",
    "GOV-02",
    "GOV-11",
    "GOV-16",
    "GOV-17",
  ],
  high: [
    "NET-05",
    "NET-06",
    "NET-07",
    "NET-08",
    "NET-12",
    "IAM-09",
    "DATA-01",
    "DATA-02",
    "DATA-03",
    "DATA-04",
    "DATA-06",
    "DATA-07",
    "DATA-20",
    "DATA-21",
    "DATA-24",
    "DATA-25",
    "DATA-27",
    "GOV-04",
    "GOV-05",
    "GOV-06",
    "GOV-07",
    "GOV-10",
    "GOV-12",
    "GOV-14",
    "GOV-15",
  ],
} as const;

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "lakeward-blueprint-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe.each(["standard", "high"] as const)("blueprint --profile %s", (profile) => {
  it("lakeward iac judges it with no failure at its profile", async () => {
    const out = join(tmp, profile);
    const run = await runCli(["blueprint", "--profile", profile, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    for (const [name, text] of blueprintFiles(profile)) {
      expect(await readFile(join(out, name), "utf8")).toBe(text);
      if (name.endsWith(".tf")) await parseHcl(name, text);
    }
    expect(await readFile(join(out, "versions.tf"), "utf8")).toContain(`version = "${PROVIDER_VERSIONS.databricks}"`);
    await copyFile(join(out, "terraform.tfvars.example"), join(out, "terraform.tfvars"));
    const { document, scan } = await verdicts([out], profile);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["adb-analytics-prod"]);
    const results = document.workspaces[0]!.results;
    expect(results.filter((r) => r.status === "fail").map((r) => `${r.checkId}: ${r.message}`)).toEqual([]);
    const passing = new Set(results.filter((r) => r.status === "pass").map((r) => r.checkId));
    const wanted = profile === "high" ? [...MUST_PASS.standard, ...MUST_PASS.high] : MUST_PASS.standard;
    expect(wanted.filter((id) => !passing.has(id))).toEqual([]);
    expect(scan.errors).toEqual([]);
  });
});

it("blueprint refuses to overwrite an earlier one without --force", async () => {
  const out = join(tmp, "twice");
  expect((await runCli(["blueprint", "--out", out])).code).toBe(0);
  const again = await runCli(["blueprint", "--out", out]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain("already there");
  expect((await runCli(["blueprint", "--out", out, "--force", "--profile", "standard"])).code).toBe(0);
  expect(await readFile(join(out, "README.md"), "utf8")).toContain("(`standard` profile)");
});
