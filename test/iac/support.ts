import { existsSync } from "node:fs";
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import type { Status } from "../../src/checks/types.ts";
import { type IacOptions, judgeIac, scanIac } from "../../src/iac/scan.ts";

export const CORPUS = resolve(import.meta.dirname, "../../../shared/corpus");
export const HAVE_CORPUS = existsSync(join(CORPUS, "tf"));
export const SKIP_REASON = `the shared corpus (${CORPUS}) is not present: corpus tests skipped`;
export const FIXTURES = resolve(import.meta.dirname, "fixtures");

/** Statuses by workspace name and check id, for the given paths. */
export async function verdicts(paths: string[], profile: "standard" | "high" = "high", options: IacOptions = {}) {
  const scan = await scanIac(paths, options);
  const { document } = judgeIac(scan, profile, new Date("2026-11-01T00:00:00Z"));
  const byWorkspace = new Map<string, Map<string, Status>>();
  for (const workspace of document.workspaces)
    byWorkspace.set(workspace.workspace.name, new Map(workspace.results.map((r) => [r.checkId, r.status])));
  // A check not judged from IaC is unknown for its workspaces (listed once in the document, not per workspace).
  for (const entry of document.notJudged ?? [])
    for (const name of entry.workspaces) byWorkspace.get(name)?.set(entry.checkId, "unknown");
  return { scan, document, byWorkspace };
}

/** Files of the corpus scanned together as one configuration (a temporary directory of symlinks). */
export async function together<T>(files: string[], fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), "lakeward-iac-"));
  try {
    for (const file of files) await symlink(file, join(dir, basename(file)));
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
