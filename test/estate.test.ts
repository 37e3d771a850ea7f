/**
 * Scanning an estate: several subscriptions (repeated --subscription, --all-subscriptions) and several
 * config-file targets. A subscription or target that cannot be read is a fatal run-level problem (exit 3,
 * in the results and the snapshot); everything else is still read and reported.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFault } from "../src/emulator/faults.ts";
import { EMULATOR_OTHER_SUBSCRIPTIONS } from "../src/emulator/personas.ts";
import { snapshotSchema } from "../src/evidence/snapshot.ts";
import { type ResultsDocument, resultsDocumentSchema } from "../src/reports/results-document.ts";
import { runCli } from "./support/cli.ts";
import { withEmulator } from "./support/emulator.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-estate-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const env = (emulator: { token: string }) => ({
  LAKEWARD_ARM_TOKEN: emulator.token,
  DATABRICKS_TOKEN: emulator.token,
  DATABRICKS_HOST: undefined,
  DATABRICKS_CONFIG_PROFILE: undefined,
  AZURE_SUBSCRIPTION_ID: undefined,
});

const [SHARED_SERVICES, OLD_LAB] = EMULATOR_OTHER_SUBSCRIPTIONS;
const MISSING = "00000000-1111-2222-3333-444444444444";

async function scanJson(args: string[], emulator: { token: string; armUrl: string }) {
  const output = join(dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli(
    ["scan", ...args, "--arm-endpoint", emulator.armUrl, "--format", "json", "--output", output, "--fail-on", "none"],
    env(emulator),
  );
  let document: ResultsDocument | undefined;
  try {
    document = resultsDocumentSchema.parse(JSON.parse(await readFile(output, "utf8")));
  } catch {
    document = undefined;
  }
  return { ...run, document };
}

describe("several subscriptions", () => {
  it("--all-subscriptions lists the subscriptions, reads every workspace, names the disabled one it skips", async () => {
    await withEmulator({ personas: ["default", "hardened"], armPageSize: 1 }, async (emulator) => {
      const { code, stderr, document } = await scanJson(["--all-subscriptions"], emulator);
      expect(code).toBe(0);
      expect(stderr).toMatch(/reading 2 workspaces of 2 subscriptions/);
      expect(document!.workspaces.map((w) => w.workspace.name).sort()).toEqual(["adb-default", "adb-hardened"]);
      expect(document!.problems).toEqual([
        {
          source: "ARM GET /subscriptions",
          message: `subscription Contoso old lab (${OLD_LAB.subscriptionId}) is Disabled: its workspaces cannot be listed; skipped`,
        },
      ]);
      expect(stderr).toMatch(/lakeward: warning: subscription Contoso old lab .* is Disabled/);
    });
  });

  it("a subscription that cannot be listed: exit 3, named in results and stderr; the others are judged", async () => {
    await withEmulator(
      {
        personas: ["hardened"],
        faults: [parseFault(`403 /subscriptions/${SHARED_SERVICES.subscriptionId}/* target=arm`)],
      },
      async (emulator) => {
        const { code, stderr, document } = await scanJson(["--all-subscriptions"], emulator);
        expect(code).toBe(3);
        expect(document!.workspaces.map((w) => w.workspace.name)).toEqual(["adb-hardened"]);
        expect(document!.workspaces[0]!.counts.pass).toBeGreaterThan(40);
        const problem = document!.problems!.find((p) => p.fatal)!;
        expect(problem.message).toMatch(
          new RegExp(`^subscription ${SHARED_SERVICES.subscriptionId}: its workspaces could not be listed \\(HTTP 403`),
        );
        expect(problem.hint).toMatch(/Reader role/);
        expect(stderr).toMatch(new RegExp(`lakeward: error: subscription ${SHARED_SERVICES.subscriptionId}: .*403`));
      },
    );
  });

  it("every report format says the run is incomplete and names the subscription", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const out = join(dir, "estate-reports");
      const run = await runCli(
        [
          "scan",
          "--subscription",
          emulator.subscriptionId,
          MISSING,
          "--arm-endpoint",
          emulator.armUrl,
          "--format",
          "console,markdown,html,sarif",
          "--output-dir",
          out,
          "--fail-on",
          "none",
        ],
        env(emulator),
      );
      expect(run.code).toBe(3);
      const pattern = new RegExp(`subscription ${MISSING}: its workspaces could not be listed`);
      expect(await readFile(join(out, "summary.txt"), "utf8")).toMatch(
        new RegExp(`not read  subscription ${MISSING}: its workspaces`),
      );
      expect(await readFile(join(out, "summary.md"), "utf8")).toMatch(
        new RegExp(`> \\[!CAUTION\\]\\n> Not read: subscription ${MISSING}`),
      );
      expect(await readFile(join(out, "report.html"), "utf8")).toMatch(
        new RegExp(`class="banner fatal" role="alert">Not read: subscription ${MISSING}`),
      );
      const sarif = JSON.parse(await readFile(join(out, "results.sarif"), "utf8"));
      expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
      expect(
        sarif.runs[0].invocations[0].toolExecutionNotifications.some(
          (n: { level: string; message: { text: string } }) => n.level === "error" && pattern.test(n.message.text),
        ),
      ).toBe(true);
    });
  });

  it("--subscription is repeatable; an unknown one is a fatal problem, not the end of the scan", async () => {
    await withEmulator({ personas: ["typical"] }, async (emulator) => {
      const { code, document } = await scanJson(
        ["--subscription", emulator.subscriptionId, "--subscription", MISSING],
        emulator,
      );
      expect(code).toBe(3);
      expect(document!.workspaces.map((w) => w.workspace.name)).toEqual(["adb-typical"]);
      expect(document!.problems!.map((p) => p.message)).toEqual([
        expect.stringMatching(new RegExp(`^subscription ${MISSING}: .*HTTP 404 SubscriptionNotFound`)),
      ]);
    });
  });

  it("--all-subscriptions when the subscriptions cannot be listed: one clear error with what to do, exit 3", async () => {
    await withEmulator(
      { personas: ["typical"], faults: [parseFault("403 /subscriptions target=arm")] },
      async (emulator) => {
        const run = await runCli(["scan", "--all-subscriptions", "--arm-endpoint", emulator.armUrl], env(emulator));
        expect(run.code).toBe(3);
        expect(run.stderr).toMatch(/could not list subscriptions: ARM GET \/subscriptions: HTTP 403/);
        expect(run.stderr).toMatch(/Reader role/);
      },
    );
  });

  it("when no subscription can be listed, it is one clear error and exit 3", async () => {
    await withEmulator({ personas: ["typical"] }, async (emulator) => {
      const run = await runCli(
        ["scan", "--subscription", MISSING, "--arm-endpoint", emulator.armUrl, "--format", "json"],
        env(emulator),
      );
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/could not list workspaces: .*HTTP 404 SubscriptionNotFound/);
    });
  });

  it("collect keeps the run-level problems in the snapshot; scan --snapshot reports them and exits 3 again", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const snapshot = join(dir, "estate-snap.json");
      const collected = await runCli(
        [
          "collect",
          "--subscription",
          emulator.subscriptionId,
          MISSING,
          "--arm-endpoint",
          emulator.armUrl,
          "--output",
          snapshot,
        ],
        env(emulator),
      );
      expect(collected.code).toBe(3);
      const saved = snapshotSchema.parse(JSON.parse(await readFile(snapshot, "utf8")));
      expect(saved.workspaces).toHaveLength(1);
      expect(saved.problems?.[0]?.message).toMatch(new RegExp(`^subscription ${MISSING}:`));
      const offline = await runCli(["scan", "--snapshot", snapshot, "--format", "json", "--fail-on", "none"]);
      expect(offline.code).toBe(3);
      expect(resultsDocumentSchema.parse(JSON.parse(offline.stdout)).problems?.[0]?.fatal).toBe(true);
    });
  });
});

describe("diff of an incomplete run", () => {
  it("says a workspace missing from an incomplete run may not have been read, rather than removed", async () => {
    await withEmulator({ personas: ["hardened", "typical"] }, async (emulator) => {
      const complete = join(dir, "complete.json");
      const partial = join(dir, "partial.json");
      const base = ["scan", "--arm-endpoint", emulator.armUrl, "--format", "json", "--fail-on", "none", "-q"];
      await runCli([...base, "--subscription", emulator.subscriptionId, "--output", complete], env(emulator));
      await runCli(
        [
          ...base,
          "--subscription",
          emulator.subscriptionId,
          MISSING,
          "--workspace",
          "adb-hardened",
          "--output",
          partial,
        ],
        env(emulator),
      );
      const run = await runCli(["diff", complete, partial, "--format", "json"]);
      const notes = (JSON.parse(run.stdout) as { notes: string[] }).notes.join(" ");
      expect(notes).toMatch(
        new RegExp(
          `NEW is incomplete \\(subscription ${MISSING}: .*\\): a workspace missing from it may not have been read`,
        ),
      );
      expect(notes).toMatch(/Only in OLD \(removed or not scanned\): adb-typical/);
    });
  });
});

describe("several config-file targets", () => {
  it("a target that cannot be read does not lose the others: exit 3 with the target named", async () => {
    await withEmulator({ personas: ["hardened"] }, async (emulator) => {
      const config = join(dir, "lakeward.yaml");
      await writeFile(
        config,
        `targets:\n  - subscription: ${MISSING}\n  - subscription: ${emulator.subscriptionId}\n    workspace: adb-hardened\n`,
      );
      const { code, stderr, document } = await scanJson(["--config", config], emulator);
      expect(code).toBe(3);
      expect(document!.workspaces.map((w) => w.workspace.name)).toEqual(["adb-hardened"]);
      expect(document!.problems).toEqual([
        expect.objectContaining({
          source: `subscription ${MISSING}`,
          fatal: true,
          message: expect.stringMatching(/^could not list workspaces: .*404/),
        }),
      ]);
      expect(stderr).toMatch(/lakeward: error: could not list workspaces/);
    });
  });
});
