/**
 * Issue 15 item 7: when the configuration creates the workspace's resource group, no lock on it can have
 * been made elsewhere, so DATA-07 fails when none is declared (the old code: not judged). Deployed into a
 * group the configuration does not create, and for ARM templates (deployed into an existing group), DATA-07
 * stays not judged from IaC. ARM templates at subscription scope (issue 15 item 4) that create the group their
 * nested deployment targets: DATA-07 fails without a lock, passes with a lock on the group or subscription.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CORPUS, FIXTURES, HAVE_CORPUS, SKIP_REASON, together, verdicts } from "./support.ts";

const SQUID = join(CORPUS, "tf/terraform-databricks-examples__examples__adb-squid-proxy__main__workspace.tf");
const QUICKSTART = join(
  CORPUS,
  "arm/azure-quickstart-templates__quickstarts__microsoft.databricks__databricks-workspace__azuredeploy.json",
);

describe("locks when the configuration creates the resource group (issue 15 item 7)", () => {
  it("a workspace in a resource group the configuration creates, without a lock, fails DATA-07", async () => {
    const { document } = await verdicts([join(FIXTURES, "locks")]);
    const unlocked = document.workspaces.find((w) => w.workspace.name === "ws-unlocked")!;
    const data07 = unlocked.results.find((r) => r.checkId === "DATA-07")!;
    expect(data07.status).toBe("fail");
    expect(data07.message).toMatch(/workspace ws-unlocked has no lock/);
    const existing = document.workspaces.find((w) => w.workspace.name === "ws-existing-group")!;
    expect(existing.results.some((r) => r.checkId === "DATA-07")).toBe(false);
    expect(document.notJudged?.find((e) => e.checkId === "DATA-07")?.workspaces).toEqual(["ws-existing-group"]);
  });

  it("ARM at subscription scope (issue 15 item 4): a group the template creates has only the locks it declares", async () => {
    const data07 = (document: Awaited<ReturnType<typeof verdicts>>["document"], name: string) =>
      document.workspaces.find((w) => w.workspace.name === name)?.results.find((r) => r.checkId === "DATA-07");
    const template = join(FIXTURES, "arm-subscription", "azuredeploy.json");
    const { document } = await verdicts([template]);
    // Created group, no lock anywhere in the template: fail.
    expect(data07(document, "ws-sub-unlocked")?.status).toBe("fail");
    expect(data07(document, "ws-sub-unlocked")?.message).toMatch(/workspace ws-sub-unlocked has no lock/);
    // A lock without a scope in the deployment into the group locks the group: pass.
    expect(data07(document, "ws-sub-locked")?.status).toBe("pass");
    expect(data07(document, "ws-sub-locked")?.message).toMatch(
      /rg-no-delete \(CanNotDelete on resourceGroups\/rg-dbx-locked\)/,
    );
    // Deployed into a group the template does not create: not judged.
    expect(data07(document, "ws-sub-existing")).toBeUndefined();
    expect(document.notJudged?.find((e) => e.checkId === "DATA-07")?.workspaces).toEqual(["ws-sub-existing"]);

    // A lock without a scope at the subscription template's top level locks the subscription: every workspace passes.
    const parsed = JSON.parse(await readFile(template, "utf8"));
    parsed.resources.push({
      type: "Microsoft.Authorization/locks",
      apiVersion: "2020-05-01",
      name: "subscription-no-delete",
      properties: { level: "CanNotDelete" },
    });
    const dir = await mkdtemp(join(tmpdir(), "lakeward-iac-locks-"));
    try {
      await writeFile(join(dir, "azuredeploy.json"), JSON.stringify(parsed, null, 2));
      const locked = (await verdicts([dir])).document;
      for (const name of ["ws-sub-unlocked", "ws-sub-locked", "ws-sub-existing"])
        expect(data07(locked, name)?.status, name).toBe("pass");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.skipIf(!HAVE_CORPUS)(
    `the squid-proxy example with its resource group: fail; with a lock on it: pass; alone and ARM: not judged${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`,
    async () => {
      const data07 = async (files: string[]) =>
        together(files, async (dir) => {
          const { document } = await verdicts([dir]);
          return {
            result: document.workspaces[0]!.results.find((r) => r.checkId === "DATA-07")?.status,
            notJudged: document.notJudged?.some((e) => e.checkId === "DATA-07") ?? false,
          };
        });
      const rg = join(FIXTURES, "overlays/squid-rg.tf");
      expect(await data07([SQUID, rg])).toEqual({ result: "fail", notJudged: false });
      expect(await data07([SQUID, rg, join(FIXTURES, "overlays/squid-rg-lock.tf")])).toEqual({
        result: "pass",
        notJudged: false,
      });
      expect(await data07([SQUID])).toEqual({ result: undefined, notJudged: true });
      expect(await data07([QUICKSTART])).toEqual({ result: undefined, notJudged: true });
    },
  );
});
