/**
 * What Terraform's file functions (`file`, `filebase64`, `templatefile`, `fileexists`, `fileset`, the
 * `file*sha*`/`filemd5` hashes) may read: only files inside the configuration's directory tree — the
 * calling module's directory (`path.module`), the root module's (`path.root`) and the paths the scan was
 * given — after symlinks are resolved. `file("/proc/self/environ")`, `file("../../.ssh/id_rsa")` or a
 * symlink to /etc are refused with an input error at the call's file and line, and the value is unknown:
 * a hostile configuration cannot copy the scanner's environment or the runner's files into a report.
 * Files are read through the shared reader (regular files only, size-limited), so a FIFO or /dev/zero
 * behind a symlink cannot stall or flood the scan.
 */
import { realpathSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { IacReadError, readIacTextSync } from "../read.ts";
import { InputProblem } from "./budget.ts";
import { Unresolved } from "./value.ts";

/** Directories a configuration's file functions may read below (lexical and resolved forms). */
export class FileRoots {
  private readonly lexical: string[];
  private resolved: string[] | undefined;
  constructor(dirs: readonly string[]) {
    this.lexical = [...new Set(dirs.map((dir) => resolve(dir)))];
  }

  /**
   * The roots with symlinks resolved, on the first file function that needs them: most configurations call
   * none, and resolving every module's roots up front was a dozen lstat calls per configuration (bench:iac).
   */
  private get real(): string[] {
    this.resolved ??= [
      ...new Set(
        this.lexical.map((dir) => {
          try {
            return realpathSync(dir);
          } catch {
            return dir;
          }
        }),
      ),
    ];
    return this.resolved;
  }

  /** The same roots and more (a module's own directory). */
  with(dirs: readonly string[]): FileRoots {
    return new FileRoots([...this.lexical, ...dirs]);
  }

  private static inside(path: string, roots: readonly string[]): boolean {
    return roots.some((root) => {
      const rel = relative(root, path);
      return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
    });
  }

  insideLexically(path: string): boolean {
    return FileRoots.inside(path, this.lexical);
  }

  insideResolved(path: string): boolean {
    return FileRoots.inside(path, this.real);
  }

  describe(): string {
    return this.lexical.length === 1 ? "the configuration's directory" : "the configuration's directories";
  }
}

function refused(fn: string, path: string, roots: FileRoots, why: string): InputProblem {
  // The path as written is named (it is configuration text, not a value read from anywhere).
  return new InputProblem(
    `${fn}(${JSON.stringify(path.slice(0, 200))}) refused: ${why}; file functions read only files inside ${roots.describe()} (as path.module), so nothing outside reaches a report`,
    // biome-ignore lint/suspicious/noTemplateCurlyInString: HCL interpolation in the hint, not a JS template
    'Keep the file next to the configuration (e.g. "${path.module}/files/…").',
  );
}

/** Where `path` (as a file function got it) is, once confined; or why it may not be read. */
export function confine(
  fn: string,
  path: string,
  moduleDir: string,
  roots: FileRoots,
): { lexical: string; real: string | null } | InputProblem {
  if (path.includes("\u0000")) return refused(fn, path, roots, "the path holds a NUL character");
  const lexical = resolve(moduleDir, path);
  if (!roots.insideLexically(lexical)) return refused(fn, path, roots, "the path is outside the configuration");
  let real: string | null;
  try {
    real = realpathSync(lexical);
  } catch {
    real = null; // Not there (or a dangling link): the caller says so.
  }
  if (real !== null && !roots.insideResolved(real))
    return refused(fn, path, roots, "it is a symbolic link to a place outside the configuration");
  return { lexical, real };
}

/** The text of a confined file, or why not (not there: unknown; refused or unreadable: an input problem). */
export function readConfined(fn: string, path: string, moduleDir: string, roots: FileRoots): string | Unresolved {
  const where = confine(fn, path, moduleDir, roots);
  if (where instanceof Unresolved) return where;
  if (where.real === null)
    return new Unresolved(`${fn}("…"): the file is not there (paths resolve from the module directory)`);
  try {
    return readIacTextSync(where.real, "json");
  } catch (error) {
    // The reader's reason (a FIFO, a device, too large), without the resolved path.
    const detail = error instanceof IacReadError ? error.message.replace(/^.*?:\d+: /, "") : "cannot read";
    return new InputProblem(`${fn}(${JSON.stringify(path.slice(0, 200))}): ${detail}`);
  }
}

/** fileexists(): true for a regular file inside the configuration; refused outside it. */
export function existsConfined(path: string, moduleDir: string, roots: FileRoots): boolean | Unresolved {
  const where = confine("fileexists", path, moduleDir, roots);
  if (where instanceof Unresolved) return where;
  if (where.real === null) return false;
  try {
    return statSync(where.real).isFile();
  } catch {
    return false;
  }
}
