/** Fuzz target: lakeward.yaml as every command loads it, then applied to a judgement (suppressions, thresholds). */
import { join } from "node:path";
import { judge } from "../../../src/cli/judge.ts";
import { loadConfig } from "../../../src/config/config.ts";
import { renderJson } from "../../../src/reports/results-document.ts";
import { goodEvidence, NOW } from "../../support/evidence.ts";
import type { FuzzCase, FuzzOutcome } from "../harness.ts";

export async function run(dir: string, _fuzzCase: FuzzCase): Promise<FuzzOutcome> {
  const { config } = await loadConfig(join(dir, "lakeward.yaml"));
  const document = judge([goodEvidence()], config.profile ?? "standard", NOW, config);
  renderJson(document);
  // Suppression reasons and attestation evidence are echoed into results by design; errors are not.
  return { outputs: [] };
}
