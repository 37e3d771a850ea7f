/**
 * Every file `lakeward iac` reads goes through the shared reader (src/util/read-input.ts): regular files
 * only (a FIFO named extra.tf, /dev/zero behind a symlink, a directory named x.tf are refused without
 * blocking), at most a size limit. A refusal becomes an IacFileError naming the file, so the scan says what
 * it skipped (exit 2) and judges the rest.
 */
import { InputFileError, inputSizeLimit, MAX_INPUT_ENV, readInputTextSync } from "../util/read-input.ts";
import { IacFileError } from "./errors.ts";
import { LIMITS } from "./limits.ts";
import { displayPath } from "./paths.ts";

/** HCL (native syntax: .tf, .tfvars, lock files) has a lower limit than JSON: its parser is far costlier. */
export type IacTextKind = "hcl" | "json";

/** The size limit for native HCL: LIMITS.hclFileBytes, unless LAKEWARD_MAX_INPUT_MB sets every limit. */
export function hclSizeLimit(): number {
  return process.env[MAX_INPUT_ENV] ? inputSizeLimit("iac") : LIMITS.hclFileBytes;
}

const options = (kind: IacTextKind) =>
  kind === "hcl" ? { kind: "iac" as const, maxBytes: hclSizeLimit() } : { kind: "iac" as const };

/** A file the shared reader refused, as an IaC input error; `reason` says why (missing, not regular, …). */
export class IacReadError extends IacFileError {
  readonly reason: InputFileError["reason"];
  constructor(path: string, error: InputFileError) {
    const detail = error.message.startsWith(`${error.file}: `)
      ? error.message.slice(error.file.length + 2)
      : error.message;
    super(displayPath(path), 1, detail, error.hint);
    this.reason = error.reason;
  }
}

function converted(path: string, error: unknown): unknown {
  return error instanceof InputFileError ? new IacReadError(path, error) : error;
}

/**
 * The file's text; throws IacFileError when it is missing, not a regular file or too large. Read with the
 * synchronous reader: configuration files are small and the scan is bound by the CPU (parsing, mapping), and
 * the asynchronous reader's open, fstat, read and close through the thread pool cost about three times the CPU
 * of the same calls made synchronously (5,000 files: ~0.6 s against ~0.2 s, bench:iac, docs/performance.md).
 * The promise stays so callers need not change should a slow file system call for the asynchronous reader.
 */
export async function readIacText(path: string, kind: IacTextKind): Promise<string> {
  return readIacTextSync(path, kind);
}

/** The synchronous twin (for callers that cannot await). */
export function readIacTextSync(path: string, kind: IacTextKind): string {
  try {
    return readInputTextSync(path, options(kind));
  } catch (error) {
    throw converted(path, error);
  }
}

/** Whether an error says the file is not there (a missing optional file is no error). */
export function isMissing(error: unknown): boolean {
  return error instanceof IacReadError && error.reason === "missing";
}
