/** `lakeward gen-logs`: realistic audit logs with labelled attack scenarios, for trying and testing detections. */
import { type Command, Option } from "commander";
import { DEFAULT_START, MANIFEST_FILE, writeLogs } from "../../detect/generator/generate.ts";
import { GEN_FORMATS, type GenFormat } from "../../detect/generator/writers.ts";
import { InputError } from "../../errors.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { colorsFor } from "../terminal.ts";

interface GenFlags {
  users: string;
  days: string;
  out: string;
  format: GenFormat;
  seed: string;
  start: string;
  attacks: boolean;
  canaries: boolean;
  quiet?: boolean;
}

const whole = (value: string, option: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InputError(`${option} ${value}: give a whole number`);
  return n;
};

export function registerGenLogs(program: Command, io: CliIo, _exit: ExitBox): void {
  program
    .command("gen-logs")
    .description(
      "write realistic Databricks audit logs for N users over D days, with one labelled attack scenario per detection",
    )
    .requiredOption("--out <dir>", "directory to write the logs and the scenario manifest into")
    .option("--users <n>", "people (service principals and admins are derived from it)", "50")
    .option("--days <n>", "days of traffic", "14")
    .addOption(new Option("--format <format>", "log format").choices(GEN_FORMATS).default("diagnostic"))
    .option("--seed <seed>", "same seed and start, same logs", "1")
    .option("--start <date>", "first day (UTC)", DEFAULT_START.slice(0, 10))
    .option("--no-attacks", "normal traffic only (no scenario is injected; detect should raise nothing)")
    .option("--no-canaries", "do not plant canary secrets in command texts and parameters")
    .option("-q, --quiet", "no progress lines on stderr")
    .addHelpText(
      "after",
      `
Normal traffic: sign-ins from each person's office or home address in working hours, token
refreshes, notebook commands, SQL, cluster starts under a policy, reads of the team's secret
scope, a few exports; service principals run scheduled jobs around the clock. After a baseline
(the first min(7, days/2) days) one scenario per detection (DET-01 to DET-30) is injected: brute
force, sign-ins from three addresses, a 03:00 sign-in from a new address, IP access list refusals,
a token without expiry, IP access lists disabled, an outside account made admin, a mass export, a
foreign secret scope, a GPU cluster without policy, a global init script, Databricks support
access, permission probing, IP access list and account setting changes, terms of service accepted,
an admin removed, a self-grant, refused Unity Catalog requests, a mount, a Delta Sharing recipient
without IP list, its token lifetime changed and its IP refused, mass deletes, sign-ins to many
workspaces, bulk table reads and writes, Capsule8 and ClamAV findings, a service principal secret,
and a print statement (DET-30 is opt-in: lakeward detect --only DET-30). ${MANIFEST_FILE}
in --out lists each scenario: detection, principal, time window. Canary secrets (fake passwords
and tokens) are planted in command texts and other parameters; lakeward detect must never print
them.

Examples:
  lakeward gen-logs --users 50 --days 14 --out demo-logs && lakeward detect --logs demo-logs
  lakeward gen-logs --users 300 --days 30 --format system-table-json --out big --seed 7`,
    )
    .action(async (flags: GenFlags) => {
      const started = Date.now();
      const manifest = await writeLogs({
        users: whole(flags.users, "--users"),
        days: whole(flags.days, "--days"),
        seed: flags.seed,
        start: flags.start,
        attacks: flags.attacks,
        canaries: flags.canaries,
        out: flags.out,
        format: flags.format,
        onProgress: (message) => {
          if (!flags.quiet) io.stderr.write(colorsFor(io.stderr).dim(`${message}\n`));
        },
      });
      io.stdout.write(
        `wrote ${manifest.events.toLocaleString("en-US")} events (${manifest.format}, ${manifest.files} files, ${(manifest.bytes / 1e6).toFixed(1)} MB) and ${manifest.scenarios.length} scenario(s) to ${flags.out} in ${((Date.now() - started) / 1000).toFixed(1)}s\n`,
      );
      for (const scenario of manifest.scenarios)
        io.stdout.write(
          `  ${scenario.detection}  ${scenario.principal.padEnd(40)} ${scenario.start}  ${scenario.name}\n`,
        );
    });
}
