/** Writing report and snapshot files: every file-system failure becomes one clear error saying what to do. */
import { constants, type Stats } from "node:fs";
import { access, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { InputError } from "../errors.ts";

function reason(error: unknown, notFound: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return notFound;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EEXIST" || code === "ENOTDIR") return "a file is in the way";
  if (code === "EISDIR") return "it is a directory";
  return code ?? String(error);
}

/**
 * Writes a file, turning a missing directory or a permission problem into one clear error. Content given in
 * pieces (a large results document) is written piece by piece, never joined into one string.
 */
export async function writeOutputFile(file: string, content: string | Iterable<string>): Promise<void> {
  try {
    await writeFile(file, content, "utf8");
  } catch (error) {
    throw new InputError(
      `cannot write ${file}: ${reason(error, "its directory does not exist")}`,
      "Choose a writable path with --output.",
    );
  }
}

/** Creates an --output-dir (and its parents) when missing. */
export async function ensureOutputDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InputError(
      `cannot create ${dir}: ${reason(error, "a parent is missing")}`,
      "Choose a writable --output-dir.",
    );
  }
}

/** A file a command will write, with the option that named it (for the hint). */
export interface PlannedFile {
  option: string;
  path: string;
}

/** A directory a command will create if missing and the file names it will write into it. */
export interface PlannedDirectory extends PlannedFile {
  names: readonly string[];
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (error) {
    // ENOTDIR: a file stands where a directory of the path should be; the walk up finds it.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    throw error;
  }
}

async function writable(path: string): Promise<boolean> {
  try {
    await access(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The nearest ancestor of `path` that exists (mkdir -p creates the rest), with its stats. */
async function nearestExisting(path: string): Promise<{ path: string; stats: Stats }> {
  for (let current = resolve(path); ; current = dirname(current)) {
    const stats = await statOrNull(current);
    if (stats) return { path: current, stats };
    if (dirname(current) === current) throw new Error(`no existing ancestor of ${path}`);
  }
}

async function checkFile(file: PlannedFile): Promise<void> {
  const fail = (why: string) =>
    new InputError(`cannot write ${file.path}: ${why}`, `Choose a writable path with ${file.option}.`);
  try {
    const stats = await statOrNull(file.path);
    if (stats?.isDirectory()) throw fail("it is a directory; give a file name");
    if (stats) {
      if (!(await writable(file.path))) throw fail("permission denied");
      return;
    }
    const parent = dirname(resolve(file.path));
    const parentStats = await statOrNull(parent);
    if (!parentStats) throw fail("its directory does not exist");
    if (!parentStats.isDirectory()) throw fail(`${parent} is not a directory`);
    if (!(await writable(parent))) throw fail(`permission denied in ${parent}`);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fail(reason(error, "its directory does not exist"));
  }
}

async function checkDirectory(dir: PlannedDirectory): Promise<void> {
  const fail = (why: string) =>
    new InputError(`cannot write into ${dir.path}: ${why}`, `Choose a writable directory with ${dir.option}.`);
  try {
    const stats = await statOrNull(dir.path);
    if (stats && !stats.isDirectory()) throw fail("it is a file, not a directory");
    if (!stats) {
      const ancestor = await nearestExisting(dir.path);
      if (!ancestor.stats.isDirectory()) throw fail(`${ancestor.path} is a file, not a directory`);
      if (!(await writable(ancestor.path))) throw fail(`permission denied in ${ancestor.path}`);
      return;
    }
    if (!(await writable(dir.path))) throw fail("permission denied");
    for (const name of dir.names) await checkFile({ option: dir.option, path: join(dir.path, name) });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fail(reason(error, "a parent is missing"));
  }
}

/**
 * Checks every output path before a command does its work, so a scan of many workspaces never ends in "cannot
 * write": a file's directory must exist and be writable, and a file must not be a directory; an --output-dir
 * must be a directory (or creatable) and none of the files it will hold a directory; no two outputs may
 * name the same file. Nothing is created.
 */
export async function checkOutputPaths(planned: {
  files?: PlannedFile[];
  directory?: PlannedDirectory;
}): Promise<void> {
  const files = [
    ...(planned.files ?? []),
    ...(planned.directory
      ? planned.directory.names.map((name) => ({
          option: planned.directory!.option,
          path: join(planned.directory!.path, name),
        }))
      : []),
  ];
  const seen = new Map<string, PlannedFile>();
  for (const file of files) {
    const key = resolve(file.path);
    const other = seen.get(key);
    if (other)
      throw new InputError(
        `${other.option} and ${file.option} both name ${file.path}`,
        "Give each output its own file.",
      );
    seen.set(key, file);
  }
  for (const file of planned.files ?? []) await checkFile(file);
  if (planned.directory) await checkDirectory(planned.directory);
}
