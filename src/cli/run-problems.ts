/** Run-level problems (a subscription or a config target that could not be read) on stderr, one line each. */
import type { Problem } from "../sources/problems.ts";
import type { CliIo } from "./main.ts";
import { diagnostic } from "./terminal.ts";

export function reportRunProblems(io: CliIo, problems: readonly Problem[]): void {
  for (const problem of problems) {
    io.stderr.write(
      diagnostic(
        io.stderr,
        problem.fatal ? "error" : "warning",
        problem.fatal ? problem.message : `${problem.message} (${problem.source})`,
        problem.hint,
      ),
    );
  }
}
