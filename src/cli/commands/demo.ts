import { join } from "node:path";
import type { Command } from "commander";
import { PERSONA_NAMES } from "../../emulator/personas.ts";
import { startEmulator } from "../../emulator/server.ts";
import { EMULATOR_WAREHOUSE_ID } from "../../emulator/statement-routes.ts";
import { EXIT } from "../../errors.ts";
import { makeSnapshot, writeSnapshot } from "../../evidence/snapshot.ts";
import { signInsFromWarehouse } from "../../sources/audit/sign-ins.ts";
import { StaticTokenCredential } from "../../sources/azure/credential.ts";
import { collect } from "../../sources/collect.ts";
import { judge, parseProfile } from "../judge.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { progressReporter } from "../progress.ts";
import { checkReportOutputs, FILE_NAMES, FORMATS, type OutputRequest, writeReports } from "../report-output.ts";
import { colorsFor } from "../terminal.ts";

interface DemoFlags {
  outputDir: string;
  profile: string;
  quiet?: boolean;
  full?: boolean;
}

export function registerDemo(program: Command, io: CliIo, exit: ExitBox): void {
  program
    .command("demo")
    .description(
      `start the built-in emulator, scan its ${PERSONA_NAMES.length} personas (${PERSONA_NAMES.join(", ")}) over HTTP like real workspaces, and write the reports`,
    )
    .option(
      "--output-dir <dir>",
      `where to write every report (${Object.values(FILE_NAMES).join(", ")}) and snapshot.json`,
      "lakeward-out",
    )
    .option("--profile <profile>", "standard or high", "high")
    .option("--full", "list every failed check on the terminal, not only the most severe of each workspace")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (flags: DemoFlags) => {
      const profile = parseProfile(flags.profile);
      const dim = colorsFor(io.stderr).dim;
      const log = (line: string) => {
        if (!flags.quiet) io.stderr.write(`${line}\n`);
      };
      const request: OutputRequest = { formats: [...FORMATS], outputDir: flags.outputDir, full: Boolean(flags.full) };
      await checkReportOutputs(request, { namesInDir: ["snapshot.json"] });
      const emulator = await startEmulator();
      log(dim(`emulator: ARM and ${emulator.workspaces.length} workspaces on ${new URL(emulator.armUrl).hostname}`));
      try {
        // Last sign-ins from the emulated system.access.audit, through its SQL warehouse (IAM-13).
        const signIns = await signInsFromWarehouse({
          host: emulator.workspaces[0]!.url,
          warehouseId: EMULATOR_WAREHOUSE_ID,
          auth: { mode: "sdk", token: emulator.token },
        });
        const evidence = await collect({
          signIns,
          target: { subscriptionId: emulator.subscriptionId },
          arm: { credential: new StaticTokenCredential(emulator.token), endpoint: emulator.armUrl },
          databricksAuth: { mode: "sdk", token: emulator.token },
          account: { accountId: emulator.accountId, host: emulator.accountUrl },
          graph: { endpoint: emulator.graphUrl },
          onProgress: progressReporter(io.stderr, Boolean(flags.quiet)),
        });
        const document = judge(evidence, profile);
        const written = await writeReports(document, request, io.stdout);
        const snapshotFile = join(flags.outputDir, "snapshot.json");
        await writeSnapshot(snapshotFile, makeSnapshot(evidence));
        const files = [...written, snapshotFile];
        log(dim(`wrote ${files.length} files into ${flags.outputDir}/ (${FILE_NAMES.html} is the one to open)`));
        log(dim(`next: lakeward checks explain NET-03            (why a check matters, how to fix it)`));
        log(dim(`      lakeward scan --snapshot ${snapshotFile} --profile standard`));
        exit.code = document.workspaces.some((w) => w.collection.problems.some((p) => p.fatal))
          ? EXIT.incomplete
          : EXIT.ok;
      } finally {
        await emulator.close();
      }
    });
}
