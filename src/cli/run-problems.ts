/** Run-level problems (a subscription or a config target that could not be read) on stderr, one line each. */
import type { Problem } from "../sources/problems.ts";
import type { CliIo } from "./main.ts";

export function reportRunProblems(io: CliIo, problems: readonly Problem[]): void {
  for (const problem of problems) {
    io.stderr.write(
      `lakeward: ${problem.fatal ? "error" : "warning"}: ${problem.message}${problem.fatal ? "" : ` (${problem.source})`}\n${problem.hint ? `  ${problem.hint}\n` : ""}`,
    );
  }
}
