/**
 * The lakeward command line. Every command returns an exit code a pipeline can act on (DESIGN.md):
 * 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 could not complete.
 */
import { Command, CommanderError } from "commander";
import { EXIT, LakewardError } from "../errors.ts";
import { scrubSecrets } from "../redact/fingerprint.ts";
import { VERSION } from "../version.ts";
import { registerAlerts } from "./commands/alerts.ts";
import { registerBlueprint } from "./commands/blueprint.ts";
import { registerChecks } from "./commands/checks.ts";
import { registerCollect } from "./commands/collect.ts";
import { registerCoverage } from "./commands/coverage.ts";
import { registerDemo } from "./commands/demo.ts";
import { registerDetect } from "./commands/detect.ts";
import { registerDiff } from "./commands/diff.ts";
import { registerEmulator } from "./commands/emulator.ts";
import { registerFix } from "./commands/fix.ts";
import { registerGenLogs } from "./commands/gen-logs.ts";
import { registerHistory } from "./commands/history.ts";
import { registerIac } from "./commands/iac.ts";
import { registerScan } from "./commands/scan.ts";
import { registerServe } from "./commands/serve.ts";
import { registerTokens } from "./commands/tokens.ts";
import { diagnostic, ERROR_PREFIX, setNoColorFlag } from "./terminal.ts";

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Collects an exit code from a command action; commander has no return channel of its own. */
export interface ExitBox {
  code: number;
}

function buildProgram(io: CliIo, exit: ExitBox): Command {
  const program = new Command("lakeward")
    .version(VERSION, "-V, --version")
    .description(
      "Security posture for Azure Databricks: judges workspaces, live or before deployment, against the Databricks security best practices and the Azure Security Benchmark.",
    )
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One prefix for every error, commander's usage errors included ("error: unknown option …").
      outputError: (s, write) => write(`${ERROR_PREFIX}${s.replace(/^error: /, "")}`),
    })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .addHelpText(
      "after",
      `
Start here:
  lakeward demo                          scan six emulated workspaces; writes lakeward-out/
  lakeward scan --host https://adb-….azuredatabricks.net
                                         one workspace (token: DATABRICKS_TOKEN or ~/.databrickscfg)
  lakeward scan --subscription SUB       every workspace of a subscription, Azure side included
  lakeward scan --all-subscriptions      every workspace the Azure credential can read
  lakeward iac infra/                    Terraform or ARM/Bicep before deployment (file:line)
  lakeward fix results.json --out fixes/ the Terraform that fixes what failed (--against: a patch)
  lakeward blueprint --out infra/        Terraform for a new workspace that passes the checks
  lakeward diff OLD.json NEW.json        what got worse, what was fixed, what changed
  lakeward checks list                   what lakeward checks, and why
  lakeward detect --logs DIR             attacks in audit logs (--warehouse ID: system.access.audit)
  lakeward alerts test                   a test alert to each channel of lakeward.yaml
  lakeward serve --config lakeward.yaml  watch on a schedule: history, findings, drift, alerts, API
  lakeward history                       runs, score over time and findings from serve's store

Exit codes: 0 clean · 1 findings at or above --fail-on · 2 usage or input error · 3 incomplete`,
    );
  registerScan(program, io, exit);
  registerIac(program, io, exit);
  registerFix(program, io, exit);
  registerBlueprint(program, io, exit);
  registerCollect(program, io, exit);
  registerDiff(program, io, exit);
  registerDemo(program, io, exit);
  registerEmulator(program, io, exit);
  registerChecks(program, io, exit);
  registerCoverage(program, io, exit);
  registerDetect(program, io, exit);
  registerGenLogs(program, io, exit);
  registerAlerts(program, io, exit);
  registerServe(program, io, exit);
  registerHistory(program, io, exit);
  registerTokens(program, io, exit);
  addNoColor(program);
  return program;
}

/** `--no-color` on every command (main() reads it before parsing, so it applies to every stream). */
function addNoColor(command: Command): void {
  if (!command.options.some((option) => option.long === "--no-color"))
    command.option("--no-color", "no colours in the output (also NO_COLOR=1)");
  for (const sub of command.commands) addNoColor(sub);
}

export async function main(
  argv: readonly string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const exit: ExitBox = { code: EXIT.ok };
  const end = argv.indexOf("--");
  setNoColorFlag((end < 0 ? argv : argv.slice(0, end)).includes("--no-color"));
  const program = buildProgram(io, exit);
  try {
    await program.parseAsync([...argv]);
    return exit.code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit with 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (error instanceof LakewardError) {
      io.stderr.write(diagnostic(io.stderr, "error", error.message, error.hint));
      return error.exitCode;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    io.stderr.write(
      diagnostic(io.stderr, "error", `unexpected error (a bug; please report it): ${scrubSecrets(message, [])}`),
    );
    return EXIT.incomplete;
  }
}
