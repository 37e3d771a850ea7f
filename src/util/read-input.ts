/**
 * The one way lakeward reads a file it was given (snapshots, results, lakeward.yaml, CA files, var files,
 * IaC sources, audit logs): only a regular file, never more than a size limit, and every failure is an
 * InputError that names the file and says why.
 *
 * Why by hand: no library opens a path without blocking on a FIFO and refuses what is not a regular file
 * after following symlinks. The file is opened with O_NONBLOCK (opening a FIFO for reading then returns at
 * once instead of waiting for a writer), the *opened descriptor* is fstat'ed (so a symlink swapped after a
 * check cannot slip a device in), and at most limit + 1 bytes are read: files such as /proc/self/environ
 * report size 0 and /dev/zero never ends, so the reported size alone proves nothing.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { InputError } from "../errors.ts";

/** Default size limits per kind of input, in bytes. LAKEWARD_MAX_INPUT_MB replaces all of them. */
export const INPUT_SIZE_LIMITS = {
  /** `scan --snapshot`, `diff` snapshots (a large estate's snapshot is tens of MB). */
  snapshot: 256 * 1024 * 1024,
  /** `diff` results documents. */
  results: 256 * 1024 * 1024,
  /** lakeward.yaml. */
  config: 4 * 1024 * 1024,
  /** --ca-file PEM bundles. */
  certificate: 4 * 1024 * 1024,
  /** Terraform, ARM and Bicep sources, var and parameter files. */
  iac: 16 * 1024 * 1024,
  /** Audit log files (read by DuckDB, which streams them). */
  auditLog: 16 * 1024 * 1024 * 1024,
} as const;
export type InputKind = keyof typeof INPUT_SIZE_LIMITS;

/** The environment variable that overrides every size limit (a whole number of MiB). */
export const MAX_INPUT_ENV = "LAKEWARD_MAX_INPUT_MB";

export interface ReadInputOptions {
  /** Which default limit applies, and what the file is called in messages ("snapshot", "config"). */
  kind: InputKind;
  /** Overrides the limit (bytes), e.g. for a command-line option. */
  maxBytes?: number;
  /** Replaces the default hint of a "cannot read" error. */
  hint?: string;
}

/** Why a path cannot be read, as InputError says it; `reason` is a stable code for callers that skip files. */
export class InputFileError extends InputError {
  readonly file: string;
  readonly reason: "missing" | "not-regular" | "too-large" | "unreadable";
  constructor(file: string, reason: InputFileError["reason"], detail: string, hint?: string) {
    super(`${file}: ${detail}`, hint);
    this.file = file;
    this.reason = reason;
  }
}

/** The size limit in force for a kind of input (the option, else LAKEWARD_MAX_INPUT_MB, else the default). */
export function inputSizeLimit(kind: InputKind, override?: number): number {
  if (override !== undefined) return override;
  const env = process.env[MAX_INPUT_ENV];
  if (env !== undefined && env !== "") {
    const mb = Number(env);
    if (!Number.isInteger(mb) || mb <= 0)
      throw new InputError(`${MAX_INPUT_ENV}=${env}: give a whole number of MiB`, "e.g. LAKEWARD_MAX_INPUT_MB=512");
    return mb * 1024 * 1024;
  }
  return INPUT_SIZE_LIMITS[kind];
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 * 1024) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GiB`;
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MiB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KiB`;
  return `${bytes} bytes`;
}

function describeType(stats: Stats): string {
  if (stats.isDirectory()) return "a directory";
  if (stats.isFIFO()) return "a named pipe (FIFO)";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function openError(file: string, error: unknown, hint: string | undefined): InputFileError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT")
    return new InputFileError(
      file,
      "missing",
      "cannot read (no such file)",
      hint ?? "Check the path; it is resolved from the current directory.",
    );
  if (code === "EACCES" || code === "EPERM")
    return new InputFileError(file, "unreadable", "cannot read (permission denied)", hint);
  if (code === "ELOOP") return new InputFileError(file, "unreadable", "cannot read (a symlink loop)", hint);
  if (code === "ENOTDIR")
    return new InputFileError(file, "missing", "cannot read (a part of the path is not a directory)", hint);
  if (code === "EISDIR") return new InputFileError(file, "not-regular", "cannot read: it is a directory", hint);
  return new InputFileError(file, "unreadable", `cannot read (${code ?? String(error)})`, hint);
}

function notRegular(file: string, stats: Stats): InputFileError {
  return new InputFileError(
    file,
    "not-regular",
    `not read: it is ${describeType(stats)}; lakeward reads only regular files`,
    stats.isDirectory() ? undefined : "Give the path of a regular file (a pipe or device may never end).",
  );
}

function tooLarge(file: string, limit: number, what: string): InputFileError {
  return new InputFileError(
    file,
    "too-large",
    `not read: larger than the ${formatBytes(limit)} limit for ${what}`,
    `Raise it with ${MAX_INPUT_ENV}=<MiB> if the file is genuine.`,
  );
}

const WHAT: Record<InputKind, string> = {
  snapshot: "a snapshot",
  results: "a results document",
  config: "a config file",
  certificate: "a CA file",
  iac: "an IaC file",
  auditLog: "an audit log file",
};

// O_NONBLOCK does not exist on Windows, where FIFOs cannot be opened by path anyway.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Checks a path without reading it: a regular file (symlinks followed) within the limit. For inputs another
 * engine reads itself (DuckDB reading audit logs): call it right before handing the path over.
 */
export function checkInputFile(file: string, options: ReadInputOptions): Stats {
  const limit = inputSizeLimit(options.kind, options.maxBytes);
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch (error) {
    throw openError(file, error, options.hint);
  }
  if (!stats.isFile()) throw notRegular(file, stats);
  if (stats.size > limit) throw tooLarge(file, limit, WHAT[options.kind]);
  return stats;
}

/**
 * The reading loop both twins share: checks the opened descriptor, then reads chunks until the end or one
 * byte past the limit. `readChunk` fills the buffer from the current position and returns the bytes read.
 */
function* readPlan(file: string, stats: Stats, options: ReadInputOptions): Generator<Buffer, Buffer, number> {
  const limit = inputSizeLimit(options.kind, options.maxBytes);
  if (!stats.isFile()) throw notRegular(file, stats);
  if (stats.size > limit) throw tooLarge(file, limit, WHAT[options.kind]);
  const chunks: Buffer[] = [];
  let total = 0;
  // A file that reports size 0 (/proc files do) is read until its end; stop one byte past the limit.
  for (;;) {
    const want = Math.min(Math.max(stats.size - total, 64 * 1024), limit + 1 - total);
    const buffer = Buffer.allocUnsafe(want);
    const bytesRead = yield buffer;
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
    if (total > limit) throw tooLarge(file, limit, WHAT[options.kind]);
    // The reported size read whole: done, as fs.readFile stops there (one read call fewer per file, which was
    // a fifth of the file operations of an IaC scan, bench:iac). A size of 0 proves nothing, as above.
    if (stats.size > 0 && total === stats.size) return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
  }
}

/** Reads a regular file of at most the limit; throws InputFileError otherwise. */
export async function readInputBytes(file: string, options: ReadInputOptions): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, error, options.hint);
  }
  try {
    const plan = readPlan(file, await handle.stat(), options);
    let step = plan.next();
    while (!step.done) {
      const buffer = step.value;
      step = plan.next((await handle.read(buffer, 0, buffer.length, null)).bytesRead);
    }
    return step.value;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw openError(file, error, options.hint);
  } finally {
    await handle.close();
  }
}

/** readInputBytes, decoded as UTF-8 (a byte-order mark is dropped). */
export async function readInputText(file: string, options: ReadInputOptions): Promise<string> {
  return decode(await readInputBytes(file, options));
}

/** The synchronous twin, for callers that cannot await (HCL's file() function is evaluated synchronously). */
export function readInputBytesSync(file: string, options: ReadInputOptions): Buffer {
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, error, options.hint);
  }
  try {
    const plan = readPlan(file, fstatSync(fd), options);
    let step = plan.next();
    while (!step.done) {
      const buffer = step.value;
      step = plan.next(readSync(fd, buffer, 0, buffer.length, null));
    }
    return step.value;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw openError(file, error, options.hint);
  } finally {
    closeSync(fd);
  }
}

export function readInputTextSync(file: string, options: ReadInputOptions): string {
  return decode(readInputBytesSync(file, options));
}

function decode(bytes: Buffer): string {
  const text = bytes.toString("utf8");
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
