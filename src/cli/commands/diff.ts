import { type Command, Option } from "commander";
import { diffSides } from "../../diff/diff.ts";
import { loadSide } from "../../diff/load.ts";
import { renderDiffConsole, renderDiffJson } from "../../diff/render.ts";
import { EXIT, InputError } from "../../errors.ts";
import { checkOutputPaths, writeOutputFile } from "../../util/output-file.ts";
import { FAIL_ON_CHOICES, type FailOn, parseProfile } from "../judge.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { useColor } from "../terminal.ts";

interface DiffFlags {
  profile: string;
  format: string;
  output?: string;
  failOn: FailOn;
}

export function registerDiff(program: Command, io: CliIo, exit: ExitBox): void {
  program
    .command("diff")
    .description(
      "compare two result files (or two snapshots): new failures, resolved, status changes and changed evidence per check and workspace",
    )
    .argument("<old>", "the earlier results.json (scan --format json) or snapshot (collect)")
    .argument("<new>", "the later results.json or snapshot")
    .option(
      "--profile <profile>",
      "profile for judging snapshots with the current checks: standard or high",
      "standard",
    )
    .addOption(new Option("--format <format>", "console or json").choices(["console", "json"]).default("console"))
    .option("--output <file>", "write the diff to this file instead of stdout")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a change at this severity or higher made things worse")
        .choices(FAIL_ON_CHOICES)
        .default("low"),
    )
    .addHelpText(
      "after",
      `
Worse (exit 1): a new failure (including one whose suppression expired) or a pass that became
unknown, at or above --fail-on. Resolved failures, other status changes and changed evidence are
reported but do not fail. Exit 2: unreadable input, or files that share no workspace (the output
says what each has).

Results files of another schema version are compared by status only, and checks that only one side
ran (another profile or lakeward version) are listed, not compared. Workspaces are matched by
resource id, then workspace id, then host, then name.

Examples:
  lakeward scan --subscription SUB --format json --output today.json
  lakeward diff yesterday.json today.json
  lakeward diff snap-monday.json snap-friday.json --profile high --format json --output drift.json`,
    )
    .action(async (oldFile: string, newFile: string, flags: DiffFlags) => {
      const profile = parseProfile(flags.profile);
      if (flags.output) await checkOutputPaths({ files: [{ option: "--output", path: flags.output }] });
      const [old, next] = await Promise.all([loadSide(oldFile, profile), loadSide(newFile, profile)]);
      const diff = diffSides(old, next, flags.failOn);
      const text =
        flags.format === "json"
          ? renderDiffJson(diff)
          : renderDiffConsole(diff, { color: !flags.output && useColor(io.stdout) });
      if (flags.output) await writeOutputFile(flags.output, text);
      else io.stdout.write(text);
      if (!diff.comparable) {
        throw new InputError(
          `${oldFile} and ${newFile} share no workspace, so nothing could be compared`,
          "Diff two scans of the same workspaces; see the notes above for what each file holds.",
        );
      }
      exit.code = diff.summary.worse > 0 ? EXIT.findings : EXIT.ok;
    });
}
