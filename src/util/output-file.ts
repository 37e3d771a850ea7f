/** Writing report and snapshot files: every file-system failure becomes one clear error saying what to do. */
import { mkdir, writeFile } from "node:fs/promises";
import { InputError } from "../errors.ts";

function reason(error: unknown, notFound: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return notFound;
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EEXIST" || code === "ENOTDIR") return "a file is in the way";
  if (code === "EISDIR") return "it is a directory";
  return code ?? String(error);
}

/** Writes a file, turning a missing directory or a permission problem into one clear error. */
export async function writeOutputFile(file: string, content: string): Promise<void> {
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
