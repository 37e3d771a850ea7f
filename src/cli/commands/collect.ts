import type { Command } from "commander";
import { EXIT } from "../../errors.ts";
import { makeSnapshot, writeSnapshot } from "../../evidence/snapshot.ts";
import { checkOutputPaths } from "../../util/output-file.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { progressReporter } from "../progress.ts";
import { reportRunProblems } from "../run-problems.ts";
import { addTargetOptions, collectTargets, type TargetFlags } from "../target-options.ts";
import { diagnostic } from "../terminal.ts";

interface CollectFlags extends TargetFlags {
  output: string;
  quiet?: boolean;
}

export function registerCollect(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("collect")
    .description(
      "read workspaces and write their evidence to a snapshot file (no verdicts); judge it later with `scan --snapshot`",
    )
    .requiredOption("-o, --output <file>", "snapshot file to write")
    .option("-q, --quiet", "no progress lines on stderr");
  addTargetOptions(command);
  command.addHelpText(
    "after",
    "\nA snapshot holds no secret values: tokens, passwords and keys are dropped or kept only as\nfingerprints.",
  );
  command.action(async (flags: CollectFlags) => {
    await checkOutputPaths({ files: [{ option: "--output", path: flags.output }] });
    const { evidence, problems } = await collectTargets([flags], progressReporter(io.stderr, Boolean(flags.quiet)));
    await writeSnapshot(flags.output, makeSnapshot(evidence, new Date(), problems));
    if (!flags.quiet)
      io.stderr.write(`wrote ${flags.output} (${evidence.length} workspace${evidence.length === 1 ? "" : "s"})\n`);
    const fatal = evidence.flatMap((w) =>
      w.collection.problems
        .filter((p) => p.fatal)
        .map((p) => ({ message: `${w.workspace.name} (${w.workspace.host ?? p.source}): ${p.message}`, hint: p.hint })),
    );
    for (const { message, hint } of fatal) io.stderr.write(diagnostic(io.stderr, "error", message, hint));
    reportRunProblems(io, problems);
    exit.code = fatal.length || problems.some((problem) => problem.fatal) ? EXIT.incomplete : EXIT.ok;
  });
}
