/**
 * Errors a user can act on. Each carries the exit code DESIGN.md assigns: 2 for usage or input errors,
 * 3 when the work could not be completed. Messages name the file and line, or the endpoint and status.
 */
export const EXIT = { ok: 0, findings: 1, input: 2, incomplete: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class LakewardError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad input: a file that does not parse or validate, a bad option. */
export class InputError extends LakewardError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.input, hint);
  }
}

/** The work could not be completed: a host unreachable, credentials refused everywhere. */
export class IncompleteError extends LakewardError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.incomplete, hint);
  }
}
