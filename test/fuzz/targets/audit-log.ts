/**
 * Fuzz target: audit log files as `lakeward detect --logs` reads them — recognised, loaded, bad lines
 * located — and the default detection pack run over what was read. Alerts show allow-listed request
 * parameters by design, so the outputs held to "never echo a planted value" are the problems (file, line,
 * reason) and the detections' errors; a problem about a skipped line must name its line.
 */
import { keepPredicate, runDetections } from "../../../src/detect/engine.ts";
import { ingest } from "../../../src/detect/ingest/ingest.ts";
import { LocalDatabase } from "../../../src/detect/local.ts";
import { formatProblem } from "../../../src/detect/render.ts";
import type { FuzzCase, FuzzOutcome } from "../harness.ts";

export async function run(dir: string, _fuzzCase: FuzzCase): Promise<FuzzOutcome> {
  const db = await LocalDatabase.open({ threads: 1 });
  try {
    const report = await ingest(db, [dir], { keep: keepPredicate() });
    for (const problem of report.problems)
      if (/line skipped$/.test(problem.message) && problem.line === undefined)
        throw new Error(`a skipped line without its line number: ${problem.file}`);
    const result = await runDetections(db.executor());
    return {
      outputs: [
        ...report.problems.map((problem) => formatProblem(problem)),
        ...result.runs.flatMap((run) => (run.error ? [run.error] : [])),
      ],
    };
  } finally {
    db.close();
  }
}
