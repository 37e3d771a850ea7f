/** Fuzz target: `lakeward diff OLD NEW` — either side a results document or a snapshot, then both renderings. */
import { join } from "node:path";
import { diffSides } from "../../../src/diff/diff.ts";
import { loadSide } from "../../../src/diff/load.ts";
import { renderDiffConsole, renderDiffJson } from "../../../src/diff/render.ts";
import type { FuzzCase, FuzzOutcome } from "../harness.ts";

export async function run(dir: string, _fuzzCase: FuzzCase): Promise<FuzzOutcome> {
  const [old, next] = await Promise.all([
    loadSide(join(dir, "old.json"), "standard"),
    loadSide(join(dir, "new.json"), "standard"),
  ]);
  const diff = diffSides(old, next, "low");
  renderDiffConsole(diff, { color: true });
  renderDiffJson(diff);
  // The diff names workspaces and checks by design; only its errors are held to "never echo a value".
  return { outputs: [] };
}
