/**
 * The permission graph end to end (issue 20's "Done when"): the emulator's personas collected over HTTP, then
 * `lakeward paths` on the snapshot, in process. The default persona's known escalation paths — a group nested in
 * admins, CAN_MANAGE on a job that runs as an admin service principal, Azure Contributor on the resource group —
 * are each found and named step by step; none of them is in the hardened persona.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../src/emulator/server.ts";
import { makeSnapshot, writeSnapshot } from "../src/evidence/snapshot.ts";
import { runCli } from "./support/cli.ts";
import { collectEmulator } from "./support/emulator.ts";

interface Step {
  from: { label: string };
  to: { label: string };
  kind: string;
  detail: string;
}
interface Route {
  kind: string;
  steps: Step[];
}
interface Answer {
  workspace: string;
  total: number;
  routesCutOff?: number;
  paths: { principal: { label: string }; kind: string; steps: Step[]; otherRoutes?: Route[]; routesCutOff?: string }[];
  notRead: { label: string }[];
  note?: string;
}

let dir: string;
let snapshot: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-paths-"));
  snapshot = join(dir, "snap.json");
  const emulator = await startEmulator({ personas: ["default", "hardened"] });
  try {
    await writeSnapshot(snapshot, makeSnapshot(await collectEmulator(emulator, { notebookScan: false })));
  } finally {
    await emulator.close();
  }
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function paths(...args: string[]): Promise<Answer[]> {
  const run = await runCli(["paths", "--snapshot", snapshot, "--format", "json", ...args]);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { answers: Answer[] }).answers;
}
const chain = (path: Route) => path.steps.map((s) => `${s.kind}: ${s.detail} → ${s.to.label}`);
const of = (answers: Answer[], persona: string) => answers.find((a) => a.workspace === `adb-${persona}`)!;

describe("lakeward paths", () => {
  it("names each known path to workspace admin in the default persona, and none in hardened", async () => {
    const answers = await paths("--to", "admin");
    const found = of(answers, "default").paths;
    const ola = found.find((p) => p.principal.label === "ola@contoso.example")!;
    expect(ola.kind).toBe("nested-group");
    expect(chain(ola)).toEqual([
      "member-of: member of platform-team → platform-team",
      "member-of: member of admins → admins",
      "is-admin: members of admins are workspace admins → workspace admin",
    ]);
    const joe = found.find((p) => p.principal.label === "joe@contoso.example")!;
    expect(joe.kind).toBe("run-as");
    expect(chain(joe)[0]).toMatch(/^granted: CAN_MANAGE → job (nightly-sales \(42\)|prod-load \(43\))$/);
    expect(chain(joe).join(" | ")).toMatch(/runs-as: runs as .* → (sam@contoso\.example|prod-etl)/);
    const contributor = found.find((p) => p.principal.label.includes("a0000000-0000-4000-8000-000000000003"))!;
    expect(chain(contributor)).toEqual([
      "is-admin: Azure Contributor on /subscriptions/7a4c2f10-3b5d-4e6f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-lakeward-emulator → workspace admin",
    ]);
    const hardened = of(answers, "hardened");
    expect(hardened.paths.filter((p) => p.kind === "nested-group" || p.kind === "run-as")).toEqual([]);
    expect(hardened.paths.filter((p) => p.steps.some((s) => /Contributor/.test(s.detail)))).toEqual([]);
    expect(hardened.notRead).toEqual([]);
  });

  it("names the leavers' group that may run jobs as the admin service principal (its account rule set)", async () => {
    const answers = await paths("--to", "admin");
    const contractors = of(answers, "default").paths.find((p) => p.principal.label === "contractors-2023")!;
    expect(contractors.kind).toBe("run-as");
    expect(chain(contractors)).toEqual([
      "can-assume: roles/servicePrincipal.user on the service principal (account rule set) → prod-etl (11111111-aaaa-4bbb-8ccc-000000000001)",
      "member-of: member of admins → admins",
      "is-admin: members of admins are workspace admins → workspace admin",
    ]);
    const hardened = of(answers, "hardened");
    expect(hardened.paths.filter((p) => p.steps.some((s) => s.kind === "can-assume"))).toEqual([]);
    const runAs = of(await paths("--to", "service-principal"), "hardened");
    expect(runAs.total).toBe(0);
    expect(runAs.notRead).toEqual([]);
  });

  it("answers who reaches account admin from the account's roles", async () => {
    const answers = await paths("--to", "account-admin");
    for (const persona of ["default", "hardened"]) {
      const answer = of(answers, persona);
      expect(answer.note).toBeUndefined();
      expect(answer.paths.map((p) => `${p.principal.label}:${p.kind}`)).toEqual(
        expect.arrayContaining(["admin-dana@contoso.example:direct", "11111111-aaaa-4bbb-8ccc-000000007002:direct"]),
      );
      expect(answer.paths.filter((p) => p.kind !== "direct")).toEqual([]);
    }
  });

  it("names who can run code as the admin service principal: joe through job prod-load and the group he manages", async () => {
    const answers = await paths("--to", "service-principal");
    const joe = of(answers, "default").paths.find((p) => p.principal.label === "joe@contoso.example")!;
    // Both two steps long: as the manager of contractors-2023 (account group rule set) he may add himself to the
    // group that may use prod-etl, and he manages the job that runs as it.
    expect([chain(joe), ...(joe.otherRoutes ?? []).map(chain)]).toEqual(
      expect.arrayContaining([
        [
          "can-assume: roles/group.manager on group contractors-2023 (account rule set): may add itself to it → contractors-2023",
          "can-assume: roles/servicePrincipal.user on the service principal (account rule set) → prod-etl (11111111-aaaa-4bbb-8ccc-000000000001)",
        ],
        [
          "granted: CAN_MANAGE → job prod-load (43)",
          "runs-as: runs as 11111111-aaaa-4bbb-8ccc-000000000001 → prod-etl (11111111-aaaa-4bbb-8ccc-000000000001)",
        ],
      ]),
    );
    expect(of(answers, "hardened").total).toBe(0);
  });

  it("answers who holds a grant on a catalog, and prints text that names the chain", async () => {
    const [, hardened] = await paths("--readers-of", "catalog:main");
    expect(hardened!.paths.map((p) => p.principal.label)).toEqual(["analysts", "data-platform", "lee@contoso.example"]);
    const text = await runCli(["paths", "--snapshot", snapshot, "--workspace", "adb-default"]);
    expect(text.stdout).toContain("ola@contoso.example [user, nested-group]");
    expect(text.stdout).toMatch(
      / {4}1\. member-of: member of platform-team → platform-team\n {4}2\. member-of: member of admins → admins\n/,
    );
    const [endpoint] = await paths("--readers-of", "serving-endpoint:gpt-proxy");
    const ola = endpoint!.paths.find((p) => p.principal.label === "ola@contoso.example")!;
    expect(chain(ola)).toEqual([
      "member-of: member of platform-team → platform-team",
      "granted: CAN_MANAGE → serving endpoint gpt-proxy",
    ]);
    const [defaultWarehouse, hardenedWarehouse] = await paths("--readers-of", "warehouse:d0e1f2a3b4c50002");
    expect(defaultWarehouse!.paths.map((p) => p.principal.label)).toContain("users");
    expect(hardenedWarehouse!.note).toMatch(/not in this workspace's evidence/);
    const bad = await runCli(["paths", "--snapshot", snapshot, "--readers-of", "lake"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/KIND:NAME/);
  });

  it("lists every route of a principal with several to admin: joe through both jobs, dana directly and nested", async () => {
    const found = of(await paths("--to", "admin"), "default").paths;
    const joe = found.find((p) => p.principal.label === "joe@contoso.example")!;
    const jobs = [chain(joe), ...(joe.otherRoutes ?? []).map(chain)].map((c) => c[0]);
    // the shortest route through one job, the others through the second and through the leavers' group he
    // manages (which may use prod-etl and manages prod-load); all end as an admin
    expect(jobs.sort()).toEqual([
      "can-assume: roles/group.manager on group contractors-2023 (account rule set): may add itself to it → contractors-2023",
      "can-assume: roles/group.manager on group contractors-2023 (account rule set): may add itself to it → contractors-2023",
      "granted: CAN_MANAGE → job nightly-sales (42)",
      "granted: CAN_MANAGE → job prod-load (43)",
    ]);
    expect(joe.otherRoutes!.map((r) => r.kind)).toEqual(["run-as", "run-as", "run-as"]);
    expect(joe.otherRoutes![0]!.steps.at(-1)!.to.label).toBe("workspace admin");
    expect(joe.routesCutOff).toBeUndefined();
    const dana = found.find((p) => p.principal.label === "dana@contoso.example")!;
    expect(dana.kind).toBe("direct");
    expect(dana.otherRoutes!.map(chain)).toEqual([
      [
        "member-of: member of platform-team → platform-team",
        "member-of: member of admins → admins",
        "is-admin: members of admins are workspace admins → workspace admin",
      ],
    ]);

    // The text names the other routes too (dana is spelt out, not only on the direct line), in 80 columns.
    const text = await runCli(["paths", "--snapshot", snapshot, "--workspace", "adb-default"]);
    expect(text.code, text.stderr).toBe(0);
    const joeBlock = text.stdout.slice(text.stdout.indexOf("  joe@contoso.example [user, run-as]"));
    expect(joeBlock).toMatch(
      / {4}other route \d \[run-as\]:\n {6}1\. granted: CAN_MANAGE → job (nightly-sales \(42\)|prod-load \(43\))\n/,
    );
    expect(text.stdout).toContain("  dana@contoso.example [user, direct]\n");
    expect(text.stdout).not.toMatch(/direct: [^\n]*dana/);
    const wide = text.stdout.split("\n").filter((line) => line.length > 80);
    expect(wide).toEqual([]);
    // a resource ID too long for a line is split between its segments, never cut
    expect(text.stdout.replace(/\n +/g, "")).toContain(
      "/subscriptions/7a4c2f10-3b5d-4e6f-8a9b-0c1d2e3f4a5b/resourceGroups/rg-lakeward-emulator/providers/Microsoft.Databricks/workspaces/adb-default",
    );
  });

  it("--per-principal 1 spells out only the shortest route and says the others were cut off", async () => {
    const answer = of(await paths("--to", "admin", "--per-principal", "1"), "default");
    const joe = answer.paths.find((p) => p.principal.label === "joe@contoso.example")!;
    expect(joe.otherRoutes).toBeUndefined();
    expect(joe.routesCutOff).toMatch(/more than one route: only the shortest is spelt out/);
    const cut = answer.paths.filter((p) => p.routesCutOff).map((p) => p.principal.label);
    expect(cut).toEqual(expect.arrayContaining(["joe@contoso.example", "dana@contoso.example"]));
    expect(answer.routesCutOff).toBe(cut.length);
    const text = await runCli(["paths", "--snapshot", snapshot, "--workspace", "adb-default", "--per-principal", "1"]);
    expect(text.stdout).not.toContain("other route");
    expect(text.stdout).toMatch(/ {4}routes cut off: more than one route/);
    const bad = await runCli(["paths", "--snapshot", snapshot, "--per-principal", "0"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--per-principal 0/);
  });

  it("--help teaches with examples, in 80 columns", async () => {
    const help = await runCli(["paths", "--help"]);
    expect(help.stdout).toContain("--per-principal <n>");
    expect(help.stdout).toMatch(
      /Examples:\n(.*\n)*\s+lakeward paths --snapshot snap\.json --workspace adb-prod --per-principal 1\n/,
    );
    expect(help.stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
  });
});
