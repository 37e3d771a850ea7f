/** Fuzz target: a snapshot as `scan --snapshot` reads it — validated, judged, rendered in every format. */
import { join } from "node:path";
import { judge } from "../../../src/cli/judge.ts";
import { FORMATS, render } from "../../../src/cli/report-output.ts";
import { readSnapshot } from "../../../src/evidence/snapshot.ts";
import type { FuzzCase, FuzzOutcome } from "../harness.ts";

export const SNAPSHOT_FILE = "snapshot.json";

export async function run(dir: string, fuzzCase: FuzzCase): Promise<FuzzOutcome> {
  const snapshot = await readSnapshot(join(dir, SNAPSHOT_FILE));
  const profile = fuzzCase.options?.profile === "standard" ? "standard" : "high";
  const document = judge(snapshot.workspaces, profile, new Date(snapshot.createdAt), {}, snapshot.problems ?? []);
  // Every format is rendered (a value that breaks one renderer is a crash). Reports echo evidence values
  // by design, so only the errors are held to "never echo a value" (a snapshot holds no secret values).
  for (const format of FORMATS) render(format, document);
  return {
    outputs: [],
    verdicts: document.workspaces.flatMap((workspace) =>
      workspace.results.map((result) => ({ status: result.status, about: workspace.workspace.name })),
    ),
  };
}
