/**
 * Fuzz target: the notebook credential scan — notebooks (the case's files) exported by a stub workspace,
 * scanned under the case's limits, the fact judged by DATA-23. Everything the scan keeps (the fact, the
 * result) is an output: a planted credential must never be in it, only its fingerprint.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CHECKS } from "../../../src/checks/registry.ts";
import { evaluateWorkspace } from "../../../src/engine/evaluate.ts";
import { DEFAULT_SCAN_LIMITS, readNotebookScan } from "../../../src/sources/databricks/workspace-objects.ts";
import { goodEvidence, NOW } from "../../support/evidence.ts";
import { stubWorkspace } from "../../support/stub-workspace.ts";
import type { FuzzCase, FuzzOutcome } from "../harness.ts";

export async function run(dir: string, fuzzCase: FuzzCase): Promise<FuzzOutcome> {
  const objects = await Promise.all(
    Object.keys(fuzzCase.files).map(async (name) => ({
      path: `/${name}`,
      type: "NOTEBOOK" as const,
      content: await readFile(join(dir, name), "utf8"),
    })),
  );
  const maxBytes = Number(fuzzCase.options?.maxBytes ?? DEFAULT_SCAN_LIMITS.maxBytes);
  const fact = await readNotebookScan(stubWorkspace(objects), { ...DEFAULT_SCAN_LIMITS, maxBytes }, []);
  const evidence = goodEvidence();
  evidence.databricks.notebookScan = fact;
  const result = evaluateWorkspace(evidence, CHECKS, { profile: "standard", now: NOW }).results.find(
    (r) => r.checkId === "DATA-23",
  )!;
  return {
    outputs: [JSON.stringify(fact), JSON.stringify(result)],
    verdicts: [{ status: result.status, about: "notebooks" }],
    // A scan that did not see all of a notebook must not pass.
    unread: fact.status === "known" && fact.partial ? ["notebooks"] : [],
  };
}
