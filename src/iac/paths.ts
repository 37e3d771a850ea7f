import { isAbsolute, relative, sep } from "node:path";

/**
 * A path as results show it: relative to the current directory (so that SARIF locations are
 * repository-relative when lakeward runs at the repository root), absolute when outside it.
 */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  if (rel === "") return ".";
  if (rel.startsWith("..") || isAbsolute(rel)) return path.split(sep).join("/");
  return rel.split(sep).join("/");
}
