/**
 * Secret safety: generated logs carry canary secrets — passwords in notebook command texts, a token value
 * in a token comment and in a support reason, an init script body, a password in a query text — some of
 * them in the very events that become alert evidence. None may appear in anything detect writes.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeLogs } from "../../src/detect/generator/generate.ts";
import { ALERT_FILE_NAMES, ALERT_FORMATS } from "../../src/detect/reports/output.ts";
import { CANARIES, CANARY_VALUES } from "../../src/emulator/canaries.ts";
import { runCli } from "../support/cli.ts";
import { unescaped } from "../support/unescape.ts";
import { withTempDir } from "./support.ts";

async function readAll(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(join(e.parentPath, e.name), "utf8")),
  );
  return texts.join("\n");
}

describe("canary secrets in the logs never reach a report", () => {
  // The Event Hub and Log Analytics readers are mappings of their own: their outputs are searched too.
  it.each(["diagnostic", "system-table-json", "eventhub", "log-analytics-json", "log-analytics-csv"] as const)(
    "%s logs, every report format",
    async (format) => {
      await withTempDir(async (dir) => {
        const logs = join(dir, "logs");
        await writeLogs({ users: 12, days: 4, seed: 3, out: logs, format });
        const input = await readAll(logs);
        // The test can fail: the canaries are really in the input.
        for (const canary of [
          CANARIES.envPassword,
          CANARIES.tokenValue,
          CANARIES.metastorePassword,
          CANARIES.dockerPassword,
        ])
          expect(input, canary).toContain(canary);

        const out = join(dir, "reports");
        const run = await runCli([
          "detect",
          "--logs",
          logs,
          "--format",
          ALERT_FORMATS.join(","),
          "--output-dir",
          out,
          "--max-events",
          "100",
        ]);
        expect(run.code).toBe(1);
        const reports = await Promise.all(
          ALERT_FORMATS.map(async (f) => ({ name: f, text: await readFile(join(out, ALERT_FILE_NAMES[f]), "utf8") })),
        );
        for (const { name, text } of [
          ...reports,
          { name: "stdout", text: run.stdout },
          { name: "stderr", text: run.stderr },
        ])
          for (const canary of CANARY_VALUES) {
            expect(text, name).not.toContain(canary);
            expect(unescaped(text), name).not.toContain(canary);
          }
        const json = reports.find((r) => r.name === "json")!.text;

        // …although events that carried them are in the evidence.
        const document = JSON.parse(json);
        const probing = document.alerts.find((a: { detectionId: string }) => a.detectionId === "DET-13");
        expect(probing.events.some((e: { action: string }) => e.action === "runCommand")).toBe(true);
        const token = document.alerts.find((a: { detectionId: string }) => a.detectionId === "DET-05");
        expect(token.events[0].params).not.toHaveProperty("comment");
        const support = document.alerts.find((a: { detectionId: string }) => a.detectionId === "DET-12");
        expect(support.events[0].params.reason).toMatch(/^\[redacted sha256:[0-9a-f]{16}\]$/);
        expect(support.facts.reason).toMatch(/^\[redacted sha256:[0-9a-f]{16}\]$/);
      });
    },
  );
});
