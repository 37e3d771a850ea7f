/**
 * The README's first real command, `scan --host URL` (Databricks side only), gives a score that is right
 * for what was read (issue 14 items 1 and 6): the tier is inferred from the Databricks API, the checks
 * whose evidence was read are judged, what ARM would add is said once, unknowns say what decides them,
 * and a scan that read nothing shows no score.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../src/emulator/server.ts";
import { type ResultsDocument, resultsDocumentSchema } from "../src/reports/results-document.ts";
import { runCli } from "./support/cli.ts";

let emulator: RunningEmulator;
let dir: string;
const ARM_NOT_READ = /Azure Resource Manager not read/;

beforeAll(async () => {
  emulator = await startEmulator({ personas: ["typical", "standard-sku"] });
  dir = await mkdtemp(join(tmpdir(), "lakeward-first-scan-"));
});
afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  DATABRICKS_TOKEN: emulator.token,
  DATABRICKS_HOST: undefined,
  DATABRICKS_CONFIG_PROFILE: undefined,
  AZURE_SUBSCRIPTION_ID: undefined,
});

async function scanHost(persona: string): Promise<{ console: string; document: ResultsDocument }> {
  const url = emulator.workspaces.find((w) => w.persona === persona)!.url;
  const out = join(dir, persona);
  const run = await runCli(
    ["scan", "--host", url, "--format", "console,json", "--output-dir", out, "--fail-on", "none"],
    env(),
  );
  expect(run.code, run.stderr).toBe(0);
  return {
    console: run.stdout,
    document: resultsDocumentSchema.parse(JSON.parse(await readFile(join(out, "results.json"), "utf8"))),
  };
}

const result = (document: ResultsDocument, id: string) =>
  document.workspaces[0]!.results.find((r) => r.checkId === id)!;

describe("scan --host: the Databricks side judged on what was read", () => {
  it("infers the Premium tier and judges the Databricks-side checks instead of waiting on ARM", async () => {
    const { console, document } = await scanHost("typical");
    const gov16 = result(document, "GOV-16");
    expect(gov16.status).toBe("pass");
    expect(gov16.evidence.find((e) => e.label === "sku")?.note).toMatch(
      /inferred, not read: GET \/api\/2\.0\/ip-access-lists answered.*--workspace-resource-id or --subscription/,
    );
    // The checks the issue found unknown although their data was read.
    for (const id of ["NET-03", "NET-04", "IAM-06", "IAM-07", "IAM-08", "IAM-11", "DATA-10", "DATA-19"]) {
      const r = result(document, id);
      expect(r.status, `${id}: ${r.message}`).not.toBe("unknown");
    }
    // What is still unknown for want of ARM is what only ARM holds, and the console says so once.
    const armOnly = document.workspaces[0]!.results.filter(
      (r) => r.status === "unknown" && ARM_NOT_READ.test(r.message),
    );
    for (const r of armOnly) {
      const missing = r.evidence.filter((e) => e.reason !== undefined);
      expect(missing.length, r.checkId).toBeGreaterThan(0);
      // The permission-graph checks also rest on the account API, which scan --host does not read either.
      for (const e of missing)
        expect(["Azure Resource Manager", "Databricks account API"], `${r.checkId} ${e.label}`).toContain(e.source);
      expect(
        r.evidence.some((e) => e.label === "sku" && e.reason !== undefined),
        r.checkId,
      ).toBe(false);
    }
    expect(armOnly.length).toBeGreaterThan(3);
    // Once among the problems read, once for the checks it leaves unknown: not once per check.
    const flat = console.replace(/\s+/g, " ");
    expect(flat.split("Azure Resource Manager not read").length - 1).toBe(2);
    expect(console.replace(/\s+/g, " ")).toContain(
      `${armOnly.map((r) => r.checkId).join(" ")}: Azure Resource Manager not read: give --subscription or --workspace-resource-id`,
    );
    // A key read and never set, without a documented default, says what decides it.
    const undecided = document.workspaces[0]!.results.filter((r) =>
      /never set, and its default is not documented/.test(r.message),
    );
    expect(undecided.length).toBeGreaterThan(0);
    for (const r of undecided) expect(r.message).toMatch(/set it explicitly .* to decide/);
    expect(document.workspaces[0]!.score).toBeGreaterThan(40);
  });

  it("infers the Standard tier from the Premium-only APIs' answer; DATA-18 judges clean clusters and jobs", async () => {
    const { document } = await scanHost("standard-sku");
    const gov16 = result(document, "GOV-16");
    expect(gov16.status).toBe("fail");
    expect(gov16.message).toMatch(/standard tier/);
    expect(gov16.evidence.find((e) => e.label === "sku")?.note).toMatch(
      /answered that it requires the Premium pricing tier/,
    );
    const data18 = result(document, "DATA-18");
    expect(data18.status, data18.message).not.toBe("unknown");
    if (data18.status === "pass") expect(data18.message).toMatch(/no cluster policies \(the standard tier has none\)/);
  });

  it("a workspace that could not be read shows no score, not 0/100", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = await runCli(["scan", "--host", `http://127.0.0.1:${port}`], env());
    expect(run.code).toBe(3);
    expect(run.stdout).not.toMatch(/0\/100/);
    expect(run.stdout).toMatch(/score — /);
  });
});
