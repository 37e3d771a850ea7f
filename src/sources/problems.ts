/** What went wrong while collecting, kept beside the evidence so nothing already read is lost. */
import { type Fact, known, unknown } from "../evidence/fact.ts";
import { ApiFailure, describeFailure, failureHint } from "./http/api-failure.ts";

export interface Problem {
  source: string;
  message: string;
  /** The whole source was unreadable (host unreachable, credentials refused), not just one endpoint. */
  fatal?: boolean;
  /** For a fatal problem: what to do next. */
  hint?: string;
}

export function problemOf(error: unknown, source: string): Problem {
  if (error instanceof ApiFailure) {
    const hint = error.hostUnreachable ? failureHint(error) : undefined;
    return {
      source: error.endpoint,
      message: error.reason,
      ...(error.hostUnreachable ? { fatal: true } : {}),
      ...(hint ? { hint } : {}),
    };
  }
  return { source, message: describeFailure(error) };
}

/** Runs one read into a Fact, recording a problem on failure. */
export async function read<T>(source: string, problems: Problem[], fn: () => Promise<T>): Promise<Fact<T>> {
  try {
    return known(await fn(), source);
  } catch (error) {
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}
