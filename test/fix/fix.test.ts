/**
 * `lakeward fix` closes the loop from a live finding to reviewed Terraform, judged by lakeward itself:
 * every persona's live results become a module (parsed back with the HCL parser `lakeward iac` uses) that
 * `lakeward iac` judges passing for every check it fixes, and — for every persona, each with its Terraform in
 * test/iac/fixtures/personas — a patch to that Terraform that `git apply` takes, after which every failure
 * the patch targets is gone and none is new. Terraform itself is not installable here (no download).
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Status } from "../../src/checks/types.ts";
import { judge } from "../../src/cli/judge.ts";
import { patchAgainst } from "../../src/fix/against.ts";
import { assemble, PROVIDER_VERSIONS } from "../../src/fix/module.ts";
import { moduleFiles, writeFolder } from "../../src/fix/output.ts";
import { planDocument, type WorkspacePlan } from "../../src/fix/plan.ts";
import { parseHcl } from "../../src/iac/hcl/parse.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { ev, writeSystemTableJson } from "../detect/support.ts";
import { FIXTURES, verdicts } from "../iac/support.ts";
import { runCli } from "../support/cli.ts";
import { collectEmulator, withEmulator } from "../support/emulator.ts";
import { fillVariables } from "./support.ts";

let document: ResultsDocument;
let plans: WorkspacePlan[];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "lakeward-fix-"));
  document = await withEmulator({ environment: "secure" }, async (emulator) =>
    judge(await collectEmulator(emulator), "high"),
  );
  plans = planDocument(document, { now: new Date(document.generatedAt) });
}, 120_000);
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const planOf = (name: string) => {
  const plan = plans.find((p) => p.workspace.name === name);
  if (!plan) throw new Error(`no plan for ${name}: ${plans.map((p) => p.workspace.name).join(", ")}`);
  return plan;
};

/** The checks a fix changes entirely in Terraform (no manual part, nothing left unplaced). */
function fullyFixed(plan: WorkspacePlan, unplaced: ReadonlyMap<string, unknown>): string[] {
  return plan.fixes.filter((f) => f.coverage === "full" && !unplaced.has(f.meta.id)).map((f) => f.meta.id);
}

/** What IaC cannot see stays unknown, with a reason saying so; everything else the fix targets passes. */
function expectFixed(
  ids: readonly string[],
  after: ReadonlyMap<string, Status>,
  messages: ReadonlyMap<string, string>,
) {
  const wrong = ids.filter((id) => {
    const status = after.get(id);
    if (status === "pass" || status === "not_applicable") return false;
    return !(
      status === "unknown" && /not judged from IaC|not declared in the configuration/.test(messages.get(id) ?? "")
    );
  });
  expect(wrong.map((id) => `${id}: ${after.get(id)} — ${messages.get(id)}`)).toEqual([]);
}

async function judgeDir(dir: string, workspace: string) {
  const { document: judged } = await verdicts([dir]);
  const results = judged.workspaces.find((w) => w.workspace.name === workspace)?.results ?? [];
  // Checks IaC cannot judge at all are listed once, outside the workspaces' results.
  const notJudged = (judged.notJudged ?? []).map((n) => ({
    checkId: n.checkId,
    status: "unknown" as Status,
    message: `not judged from IaC: ${n.reason}`,
  }));
  const all = [...results, ...notJudged];
  return {
    status: new Map(all.map((r) => [r.checkId, r.status])),
    messages: new Map(all.map((r) => [r.checkId, r.message])),
  };
}

const PERSONAS = ["adb-default", "adb-typical", "adb-hardened", "adb-regulated", "adb-serverless", "adb-standard"];

describe("module per workspace", () => {
  it.each(PERSONAS)("%s: a module that lakeward iac judges passing for every check it fixes", async (name) => {
    const plan = planOf(name);
    if (name === "adb-hardened") {
      // Nothing fails on the hardened persona: nothing to write.
      expect([plan.fixes.length, plan.manual.length]).toEqual([0, 0]);
      return;
    }
    expect(plan.fixes.length).toBeGreaterThan(0);
    // Private Link is Terraform on a VNet-injected workspace, a manual step (redeploy) on the others.
    const privateLink = [...plan.fixes, ...plan.manual].find((f) => f.meta.id === "NET-05");
    const injected = name !== "adb-default" && name !== "adb-serverless";
    if (privateLink) expect(plan.fixes.includes(privateLink as never), "NET-05 in Terraform").toBe(injected);
    const files = await moduleFiles(plan, {
      source: "results.json",
      generatedAt: document.generatedAt,
      profile: "high",
    });
    const dir = join(tmp, `module-${name}`);
    await writeFolder(dir, files);
    for (const [file, text] of files) if (file.endsWith(".tf")) await parseHcl(file, text);
    const versions = files.get("versions.tf") ?? "";
    expect(versions).toContain(`version = "${PROVIDER_VERSIONS.azurerm}"`);
    expect(versions).toContain(`version = "${PROVIDER_VERSIONS.databricks}"`);
    // The workspace is adopted by its ARM id, never created.
    expect(files.get("main.tf")).toContain(
      `to = azurerm_databricks_workspace.this\n  id = "${plan.workspace.resourceId}"`,
    );
    const assembled = assemble(plan);
    const fixed = fullyFixed(plan, assembled.unplaced);
    expect(fixed.length).toBeGreaterThan(0);
    await fillVariables(dir, plan.variables);
    const after = await judgeDir(dir, name);
    expectFixed(fixed, after.status, after.messages);
    // Every fixed check is named in a comment at what it changes.
    for (const id of fixed) expect(files.get("main.tf"), id).toMatch(new RegExp(`^\\s*#.*\\b${id} `, "m"));
    // The checks Terraform does not fix are in the README with their portal steps.
    const readme = files.get("README.md") ?? "";
    if (plan.fixes.some((f) => f.meta.id === "NET-07"))
      expect(readme).toMatch(/\*\*NET-07\*\*: NoAzureDatabricksRules .*back-end private endpoint .* must exist first/);
    for (const manual of plan.manual) expect(readme).toContain(`### ${manual.meta.id} `);
  });
});

/** Each persona's Terraform (test/iac/fixtures/personas/<folder>) and the emulator workspace it mirrors. */
const PERSONA_TERRAFORM = [
  ["default", "adb-default"],
  ["typical", "adb-typical"],
  ["hardened", "adb-hardened"],
  ["regulated", "adb-regulated"],
  ["serverless", "adb-serverless"],
  ["standard-sku", "adb-standard"],
] as const;

/** Copies a persona's Terraform, patches it with the plan of its live results and judges it before and after. */
async function patchPersona(folder: string, name: string, into: string) {
  const plan = planOf(name);
  await cp(join(FIXTURES, "personas", folder), into, { recursive: true });
  const before = await judgeDir(into, name);
  const patched = await patchAgainst(plan, into);
  return { plan, before, patched };
}

describe.each(PERSONA_TERRAFORM)("patch to the %s persona's Terraform", (persona, name) => {
  it("git apply takes it; every failure it targets is gone and none is new", async () => {
    const dir = join(tmp, `against-${persona}`);
    const { plan, before, patched } = await patchPersona(persona, name, dir);
    if (persona === "hardened") {
      expect(patched.patch).toBe("");
      expect([...before.status.values()].filter((s) => s === "fail")).toEqual([]);
      return;
    }
    expect(patched.files).toEqual(["main.tf"]);
    await writeFile(join(dir, "lakeward.patch"), patched.patch);
    execFileSync("git", ["apply", "--check", "lakeward.patch"], { cwd: dir });
    execFileSync("git", ["apply", "lakeward.patch"], { cwd: dir });
    await parseHcl("main.tf", await readFile(join(dir, "main.tf"), "utf8"));
    await fillVariables(dir, plan.variables);
    const after = await judgeDir(dir, name);
    const targeted = fullyFixed(plan, patched.notPatched).filter((id) => before.status.get(id) === "fail");
    expect(targeted.length).toBeGreaterThan(10);
    expect(
      targeted.filter((id) => after.status.get(id) !== "pass").map((id) => `${id}: ${after.messages.get(id)}`),
    ).toEqual([]);
    const added = [...after.status].filter(([id, s]) => s === "fail" && before.status.get(id) !== "fail");
    expect(added).toEqual([]);
    // Settings change where the file declares them: the existing resources, not new copies.
    expect(patched.patch).not.toContain('+resource "databricks_secret_acl"');
    expect(patched.patch).not.toContain('+resource "databricks_cluster"');
    // workspace-conf keys go into the one the configuration declares (default and standard-sku declare none).
    if (!["default", "standard-sku"].includes(persona))
      expect(patched.patch).not.toContain('+resource "databricks_workspace_conf"');
    switch (persona) {
      case "default":
        expect(patched.patch).toContain(`-  permission = "MANAGE"\n+  # DATA-19 `);
        expect(patched.changedAt.get("IAM-11")).toEqual(["main.tf:59"]);
        break;
      case "typical":
        // Both clusters the finding names are declared: encrypted in place, no manual step left.
        expect(patched.changedAt.get("DATA-27")).toEqual(["main.tf:161", "main.tf:169"]);
        expect(patched.notPatched.get("DATA-27")).toBeUndefined();
        break;
      case "regulated":
        // The two unencrypted clusters are changed where they are declared; the broken NoAzureDatabricksRules
        // is answered at the workspace; tags written as an expression are left to the reviewer, said so.
        expect(patched.changedAt.get("DATA-27")).toEqual(["main.tf:350", "main.tf:361"]);
        expect(patched.changedAt.get("NET-07")).toBeUndefined();
        expect(patched.notPatched.get("GOV-07")?.join()).toMatch(/tags is an expression \(local\.tags\)/);
        break;
      case "serverless":
        // The workspace is an azapi resource: never declared a second time as azurerm_databricks_workspace;
        // what would change it is a manual step naming the body property, and added resources point at it.
        expect(patched.patch).not.toContain('+resource "azurerm_databricks_workspace"');
        expect(patched.notPatched.get("DATA-01")?.join()).toMatch(
          /azapi_resource\.workspace declares the workspace: set body\.properties\.encryption\.entities\.managedServices/,
        );
        expect(patched.patch).toContain("+  target_resource_id         = azapi_resource.workspace.id");
        break;
      case "standard-sku":
        // No Public IP turned on in the workspace's own custom_parameters.
        expect(patched.patch).toMatch(/-\s+no_public_ip\s+= false\n(\+.*\n)*\+\s+no_public_ip\s+= true/);
        break;
    }
  });
});

describe("the Terraform fixes of the issue-17 checks", () => {
  it("DATA-30, GOV-23, GOV-22, DATA-29: a workspace setting declared, clusters changed where declared, the rest manual", async () => {
    // DATA-30 (typical embeds everywhere): both embedding settings, adopted with import id "global".
    const typical = await moduleFiles(planOf("adb-typical"), {
      source: "results.json",
      generatedAt: document.generatedAt,
      profile: "high",
    });
    const main = typical.get("main.tf") ?? "";
    expect(main).toContain('to = databricks_aibi_dashboard_embedding_access_policy_setting.this\n  id = "global"');
    expect(main).toMatch(/# DATA-30 [^\n]*\n\s*access_policy_type = "ALLOW_APPROVED_DOMAINS"/);
    expect(main).toContain("approved_domains = var.dashboard_embedding_domains");
    // GOV-22: the app is not in the persona's Terraform: removing its unapproved scopes is a manual step.
    const typicalPatch = await patchAgainst(planOf("adb-typical"), join(FIXTURES, "personas", "typical"));
    expect(typicalPatch.notPatched.get("GOV-22")?.join()).toMatch(/app "finance-assistant": .*remove sql/);
    // GOV-23 (default's shared cluster never terminates): changed where the cluster is declared.
    const defaultPatch = await patchAgainst(planOf("adb-default"), join(FIXTURES, "personas", "default"));
    expect(defaultPatch.patch).toMatch(
      /-\s+autotermination_minutes = 0\n([-+].*\n)*\+\s+autotermination_minutes = 60\n/,
    );
    expect(defaultPatch.changedAt.get("GOV-23")).toEqual(["main.tf:66"]);
    // DATA-29 (regulated's chat endpoint has no AI Gateway): the endpoint is not declared, so a manual step.
    const regulated = await patchAgainst(planOf("adb-regulated"), join(FIXTURES, "personas", "regulated"));
    expect(regulated.notPatched.get("DATA-29")?.join()).toMatch(/serving endpoint "chat": .*AI Gateway/);
  });
});

describe("--against reads DIR's own Terraform and the local modules it calls", () => {
  it("a workspace in a local module is patched there; other folders and outside modules are not read", async () => {
    const dir = join(tmp, "against-modules");
    await mkdir(join(dir, "modules", "workspace"), { recursive: true });
    await cp(join(FIXTURES, "personas", "typical", "main.tf"), join(dir, "modules", "workspace", "main.tf"));
    // A folder beside the configuration that no module calls: an old copy, not part of DIR's configuration.
    await mkdir(join(dir, "old"), { recursive: true });
    const old = 'resource "databricks_workspace_conf" "old" {\n  custom_config = {}\n}\n';
    await writeFile(join(dir, "old", "main.tf"), old);
    await writeFile(
      join(dir, "main.tf"),
      [
        'module "workspace" {\n  source = "./modules/workspace"\n}',
        'module "shared" {\n  source = "../../elsewhere/shared"\n}',
        'module "registry" {\n  source  = "Azure/avm-res-databricks-workspace/azurerm"\n  version = "0.2.0"\n}',
        "",
      ].join("\n\n"),
    );
    const patched = await patchAgainst(planOf("adb-typical"), dir);
    expect(patched.files).toEqual(["modules/workspace/main.tf"]);
    expect(patched.patch).toMatch(/^--- a\/modules\/workspace\/main\.tf\n\+\+\+ b\/modules\/workspace\/main\.tf\n/);
    expect(patched.changedAt.get("DATA-27")).toEqual([
      "modules/workspace/main.tf:161",
      "modules/workspace/main.tf:169",
    ]);
    expect(patched.skippedModules).toEqual([
      expect.stringMatching(
        /^main\.tf:5 module "shared" \(source \.\.\/\.\.\/elsewhere\/shared\): outside .*, not read/,
      ),
    ]);
    // The same changes as against the flat file: the module's declarations were found, none re-added.
    const flat = await patchAgainst(planOf("adb-typical"), join(FIXTURES, "personas", "typical"));
    expect([...patched.changedAt.keys()].sort()).toEqual([...flat.changedAt.keys()].sort());
    await writeFile(join(dir, "lakeward.patch"), patched.patch);
    execFileSync("git", ["apply", "lakeward.patch"], { cwd: dir });
    expect(await readFile(join(dir, "old", "main.tf"), "utf8")).toBe(old);
    await parseHcl("main.tf", await readFile(join(dir, "modules", "workspace", "main.tf"), "utf8"));
  });
});

describe("lakeward fix (CLI)", () => {
  it("writes a folder per workspace with the module and its README; --against writes the patch", async () => {
    const results = join(tmp, "results.json");
    await writeFile(results, JSON.stringify(document));
    const out = join(tmp, "cli-out");
    const run = await runCli(["fix", results, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/adb-default: \d+ check\(s\) fixed in Terraform/);
    const readme = await readFile(join(out, "adb-default", "README.md"), "utf8");
    expect(readme).toContain("## Before you apply");
    expect(readme).toMatch(
      /NET-02 .*\n\nFinding: .*\n\nNot in Terraform here: .*VNet injection is chosen when a workspace is created/,
    );
    await parseHcl("main.tf", await readFile(join(out, "adb-default", "main.tf"), "utf8"));

    const infra = join(tmp, "cli-infra");
    await cp(join(FIXTURES, "personas", "default"), infra, { recursive: true });
    const patchOut = join(tmp, "cli-patch");
    const patched = await runCli(["fix", results, "--workspace", "adb-default", "--against", infra, "--out", patchOut]);
    expect(patched.code, patched.stderr).toBe(0);
    expect(await readFile(join(patchOut, "adb-default", "lakeward.patch"), "utf8")).toMatch(
      /^--- a\/main\.tf\n\+\+\+ b\/main\.tf\n/,
    );
  });

  it("--audit-logs: the addresses that reached the workspace are named before IP access lists go on", async () => {
    const results = join(tmp, "results-egress.json");
    await writeFile(results, JSON.stringify(document));
    const target = document.workspaces.find((w) => w.workspace.name === "adb-default")!.workspace;
    const workspace = { id: target.workspaceId!, name: target.name, resourceId: target.resourceId! };
    const logs = join(tmp, "audit.json");
    await writeSystemTableJson(logs, [
      ...Array.from({ length: 3 }, () => ev({ workspace, ip: "198.51.100.10" })),
      ev({ workspace, ip: "203.0.113.77" }),
      ev({ workspace, ip: "192.0.2.66", status: 401 }), // refused: not an address to allow
    ]);
    const out = join(tmp, "cli-egress");
    const run = await runCli(["fix", results, "--workspace", "adb-default", "--audit-logs", logs, "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    const readme = await readFile(join(out, "adb-default", "README.md"), "utf8");
    expect(readme).toContain("the audit logs show successful requests from 198.51.100.10, 203.0.113.77");
    expect(readme).not.toContain("192.0.2.66");
    const variables = await readFile(join(out, "adb-default", "variables.tf"), "utf8");
    expect(variables).toMatch(
      /variable "allowed_ip_ranges" \{[^}]*default\s+= \["198\.51\.100\.10\/32", "203\.0\.113\.77\/32"\]/,
    );
  });

  it("bad input: names the file, exits 2", async () => {
    const bad = join(tmp, "not-results.json");
    await writeFile(bad, '{"schema": "something/else"}');
    const run = await runCli(["fix", bad, "--out", join(tmp, "x")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${bad}: line 1: not a lakeward results document`);
    const results = join(tmp, "results-2.json");
    await writeFile(results, JSON.stringify(document));
    const missing = await runCli(["fix", results, "--workspace", "adb-nope", "--out", join(tmp, "y")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no workspace named adb-nope");
    const several = await runCli(["fix", results, "--against", FIXTURES, "--out", join(tmp, "z")]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain("Name it with --workspace NAME");
  });
});
