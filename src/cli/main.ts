/**
 * The lakeward command line. Every command returns an exit code a pipeline can act on (DESIGN.md):
 * 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 could not complete.
 */
import { Command, CommanderError } from "commander";
import { EXIT, LakewardError } from "../errors.ts";
import { scrubSecrets } from "../redact/fingerprint.ts";
import { VERSION } from "../version.ts";
import { diagnostic, ERROR_PREFIX, setNoColorFlag } from "./terminal.ts";

type RegisterCommand = (program: Command, io: CliIo, exit: ExitBox) => void;

/**
 * Every command, in the order `--help` lists them, loaded on demand: a command's module pulls in its
 * whole stack (the SDKs, DuckDB, the store, the server), and a run of one command should not pay for
 * all the others (`lakeward --version` took ~1.5 s with every command imported eagerly).
 */
const COMMANDS: ReadonlyArray<readonly [name: string, load: () => Promise<RegisterCommand>]> = [
  ["scan", async () => (await import("./commands/scan.ts")).registerScan],
  ["iac", async () => (await import("./commands/iac.ts")).registerIac],
  ["fix", async () => (await import("./commands/fix.ts")).registerFix],
  ["blueprint", async () => (await import("./commands/blueprint.ts")).registerBlueprint],
  ["collect", async () => (await import("./commands/collect.ts")).registerCollect],
  ["diff", async () => (await import("./commands/diff.ts")).registerDiff],
  ["demo", async () => (await import("./commands/demo.ts")).registerDemo],
  ["emulator", async () => (await import("./commands/emulator.ts")).registerEmulator],
  ["checks", async () => (await import("./commands/checks.ts")).registerChecks],
  ["coverage", async () => (await import("./commands/coverage.ts")).registerCoverage],
  ["detect", async () => (await import("./commands/detect.ts")).registerDetect],
  ["gen-logs", async () => (await import("./commands/gen-logs.ts")).registerGenLogs],
  ["alerts", async () => (await import("./commands/alerts.ts")).registerAlerts],
  ["serve", async () => (await import("./commands/serve.ts")).registerServe],
  ["history", async () => (await import("./commands/history.ts")).registerHistory],
  ["tokens", async () => (await import("./commands/tokens.ts")).registerTokens],
  ["paths", async () => (await import("./commands/paths.ts")).registerPaths],
];

/**
 * The commands this argv needs: only the one it names, when its first operand is a command (options
 * before it are the root's own: --no-color); none for a bare `--version`; every command otherwise, so
 * `--help`, a mistyped command's suggestion and the usage error see them all.
 */
function commandsFor(args: readonly string[]): ReadonlyArray<readonly [string, () => Promise<RegisterCommand>]> {
  const end = args.indexOf("--");
  const operands = (end < 0 ? args : args.slice(0, end)).filter((arg) => !arg.startsWith("-"));
  const named = COMMANDS.find(([name]) => name === operands[0]);
  if (named) return [named];
  const asksVersion = args.some((arg) => arg === "-V" || arg === "--version");
  if (operands.length === 0 && asksVersion && !args.some((arg) => arg === "-h" || arg === "--help")) return [];
  return COMMANDS;
}

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Collects an exit code from a command action; commander has no return channel of its own. */
export interface ExitBox {
  code: number;
}

async function buildProgram(io: CliIo, exit: ExitBox, args: readonly string[]): Promise<Command> {
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
  const registers = await Promise.all(commandsFor(args).map(([, load]) => load()));
  for (const register of registers) register(program, io, exit);
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
  const program = await buildProgram(io, exit, argv.slice(2));
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
