/** The input of `lakeward fix`: a results document (`scan --format json`) or a snapshot, judged here. */
import type { Profile } from "../checks/types.ts";
import { judge } from "../cli/judge.ts";
import { InputError } from "../errors.ts";
import { snapshotFromJson } from "../evidence/snapshot.ts";
import { RESULTS_SCHEMA_VERSION, type ResultsDocument, resultsDocumentSchema } from "../reports/results-document.ts";
import { readJsonFile, validateJson } from "../util/json-file.ts";

export async function loadResults(file: string, profile: Profile): Promise<ResultsDocument> {
  const parsed = await readJsonFile(file, { kind: "results" });
  const header =
    typeof parsed.value === "object" && parsed.value !== null ? (parsed.value as Record<string, unknown>) : {};
  if (header.schema === "lakeward/snapshot") {
    const snapshot = snapshotFromJson(parsed);
    return judge(snapshot.workspaces, profile, new Date(snapshot.createdAt), {}, snapshot.problems ?? []);
  }
  if (header.schema !== "lakeward/results")
    throw new InputError(
      `${file}: line 1: not a lakeward results document or snapshot (no "schema": "lakeward/results" or "lakeward/snapshot")`,
      "fix reads `lakeward scan --format json` output (or a `lakeward collect` snapshot).",
    );
  if (header.schemaVersion !== RESULTS_SCHEMA_VERSION)
    throw new InputError(
      `${file}: line 1: results schema version ${String(header.schemaVersion)}; this lakeward reads version ${RESULTS_SCHEMA_VERSION}`,
      "Scan again with this lakeward (`lakeward scan --format json`), or pass the snapshot.",
    );
  return validateJson(parsed, resultsDocumentSchema, "lakeward results document");
}
