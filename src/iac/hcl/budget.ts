/**
 * What evaluating one configuration may cost, and where its input errors go. Every module instance of a
 * configuration (and every variables file read for it) shares one budget: evaluation steps, characters of
 * strings produced, resource instances. Past a bound the value is unknown and an input error names the
 * file and line of the expression that crossed it (once); the configuration is still judged on the rest.
 */
import { IacFileError } from "../errors.ts";
import { LIMITS } from "../limits.ts";
import { Unresolved } from "./value.ts";

/**
 * An unknown value that is also an input error: a limit crossed, a file function refused. The evaluator
 * reports it at the file and line of the call that produced it, the first time it sees it.
 */
export class InputProblem extends Unresolved {
  readonly problem: string;
  readonly hint: string | undefined;
  reported = false;
  constructor(problem: string, hint?: string) {
    super(problem);
    this.problem = problem;
    this.hint = hint;
  }
}

export const isInputProblem = (value: unknown): value is InputProblem => value instanceof InputProblem;

export function tooMany(what: string, count: number, limit: number): InputProblem {
  return new InputProblem(
    `${what} has ${count.toLocaleString("en")} elements, more than lakeward's limit of ${limit.toLocaleString("en")} for one collection`,
    "A configuration this large is not judged; see the limits in docs/iac.md.",
  );
}

export class EvalBudget {
  readonly errors: IacFileError[] = [];
  private readonly seen = new Set<string>();
  private steps = 0;
  private chars = 0;
  instances = 0;
  /** Set once the steps or characters run out: every further evaluation is this unknown value. */
  exhausted: Unresolved | null = null;

  /** Records an input error once per file, line and message. */
  report(file: string, line: number, message: string, hint?: string): void {
    const key = `${file}\u0000${line}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.errors.push(new IacFileError(file, line, message, hint));
  }

  /** Counts `n` steps; false (and the budget exhausted, reported at file:line) when they run out. */
  step(n: number, file: string, line: number): boolean {
    this.steps += n;
    if (this.exhausted) return false;
    if (this.steps <= LIMITS.evaluationSteps) return true;
    this.exhaust(
      `evaluating this configuration takes more than ${LIMITS.evaluationSteps.toLocaleString("en")} steps (lakeward's limit); what is not evaluated yet is unknown`,
      file,
      line,
    );
    return false;
  }

  /** Counts characters of a string produced; false when the configuration's allowance runs out. */
  produced(length: number, file: string, line: number): boolean {
    this.chars += length;
    if (this.exhausted) return false;
    if (this.chars <= LIMITS.stringChars) return true;
    this.exhaust(
      `evaluating this configuration produces more than ${LIMITS.stringChars / 1024 / 1024} MiB of strings (lakeward's limit); what is not evaluated yet is unknown`,
      file,
      line,
    );
    return false;
  }

  private exhaust(message: string, file: string, line: number): void {
    this.exhausted = new Unresolved(message);
    this.report(file, line, message, "See the limits in docs/iac.md.");
  }
}
