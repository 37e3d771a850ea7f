/**
 * The results document: what `lakeward scan --format json` writes, and what later commands (diff,
 * history) read. Its JSON Schema is generated from this zod schema into docs/schema/.
 */
import { z } from "zod";
import type { Check } from "../checks/types.ts";
import { CATEGORIES, PROFILES, SEVERITIES, STATUSES, THREATS } from "../checks/types.ts";
import type { WorkspaceResult } from "../engine/evaluate.ts";
import { collectionProblemSchema, readAsSchema, workspaceIdentitySchema } from "../evidence/model.ts";
import { isoDateTimeSchema } from "../util/iso-time.ts";
import { VERSION } from "../version.ts";

export const RESULTS_SCHEMA_VERSION = 1;

const severity = z.enum(SEVERITIES);
const status = z.enum(STATUSES);
const threat = z.enum(Object.keys(THREATS) as [keyof typeof THREATS, ...(keyof typeof THREATS)[]]);
const category = z.enum(Object.keys(CATEGORIES) as [keyof typeof CATEGORIES, ...(keyof typeof CATEGORIES)[]]);
const counts = z.object({
  pass: z.number(),
  fail: z.number(),
  unknown: z.number(),
  not_applicable: z.number(),
  manual: z.number(),
});

const pathNode = z.object({ kind: z.string(), label: z.string() });
const pathStep = z.object({ from: pathNode, to: pathNode, kind: z.string(), detail: z.string() });
const resultPathSchema = z.object({
  principal: pathNode,
  kind: z.string().describe("direct, nested-group, azure-role or run-as"),
  steps: z.array(pathStep).describe("its shortest route"),
  otherRoutes: z
    .array(z.object({ kind: z.string(), steps: z.array(pathStep) }))
    .optional()
    .describe("its other routes to the same target, shortest first (at most the check's perPrincipal threshold − 1)"),
  routesCutOff: z.string().optional().describe("which bound cut further routes off"),
});

export const checkResultSchema = z.object({
  checkId: z.string(),
  title: z.string(),
  category,
  severity,
  profile: z.enum(PROFILES),
  threats: z.array(threat),
  controls: z.array(z.string()).describe("Azure Security Benchmark v2 control ids"),
  status,
  message: z.string(),
  resources: z.array(z.string()).describe("the resources the verdict is about, each named"),
  evidence: z
    .array(
      z.object({
        label: z.string(),
        source: z.string(),
        value: z.unknown().optional(),
        reason: z.string().optional().describe("why the evidence is unknown"),
        note: z.string().optional(),
        partial: z.string().optional().describe("why the value may be incomplete; a pass cannot rest on it"),
        location: z
          .object({ file: z.string(), line: z.number().int().positive() })
          .optional()
          .describe("IaC: where the fact is declared"),
      }),
    )
    .describe("the facts the check read"),
  suppression: z
    .object({ reason: z.string(), expires: z.string().nullable(), scope: z.string() })
    .optional()
    .describe("a suppression from the config file applies; the status is what the check found"),
  attestation: z
    .object({ by: z.string(), date: z.string(), evidence: z.string(), expires: z.string().nullable() })
    .optional()
    .describe("the attestation that answers a manual check"),
  locations: z
    .array(z.object({ file: z.string(), line: z.number().int().positive() }))
    .optional()
    .describe("IaC scans: where the judged configuration is declared"),
  paths: z
    .object({
      total: z.number().int().nonnegative().describe("how many paths the check found"),
      items: z.array(resultPathSchema).describe("the first of them (at most 50), shortest first"),
    })
    .optional()
    .describe("permission paths the finding names (IAM-20…22), step by step"),
});

export const workspaceResultSchema = z.object({
  workspace: workspaceIdentitySchema,
  collection: z.object({
    startedAt: z.string(),
    finishedAt: z.string(),
    requests: z.number(),
    retries: z.number(),
    problems: z.array(collectionProblemSchema),
    readAs: readAsSchema.optional(),
  }),
  score: z
    .number()
    .nullable()
    .describe("0-100, severity-weighted; unknown counts against it; null when nothing was judged"),
  counts,
  results: z.array(checkResultSchema),
});

export const checkSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  category,
  severity,
  profile: z.enum(PROFILES),
  threats: z.array(threat),
  controls: z.array(z.string()),
  mcsb: z.array(z.string()).default([]).describe("Microsoft cloud security benchmark v1 control ids"),
  cis: z.array(z.string()),
  guide: z.array(z.string()).describe("sections of the best-practices guide this check implements"),
});

export const resultsDocumentSchema = z.object({
  schema: z.literal("lakeward/results"),
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  tool: z.object({ name: z.literal("lakeward"), version: z.string() }),
  generatedAt: isoDateTimeSchema,
  profile: z.enum(PROFILES),
  summary: z.object({ workspaces: z.number(), counts }),
  workspaces: z.array(workspaceResultSchema),
  problems: z
    .array(collectionProblemSchema)
    .optional()
    .describe(
      "problems of the run rather than of one workspace, e.g. a subscription whose workspaces could not be listed (fatal: the run is incomplete)",
    ),
  checks: z.array(checkSummarySchema).describe("the checks that ran, with their mappings"),
  notJudged: z
    .array(
      z.object({
        checkId: z.string(),
        title: z.string(),
        severity,
        reason: z.string().describe("why a configuration cannot show it"),
        workspaces: z.array(z.string()).describe("the workspaces it was not judged for"),
      }),
    )
    .optional()
    .describe(
      "IaC scans: checks that cannot be judged from a configuration (they read what only the live workspace, account, Entra ID or audit logs hold), listed once; they are in no workspace's results, counts or score",
    ),
});
export type ResultsDocument = z.infer<typeof resultsDocumentSchema>;

export function buildResultsDocument(
  workspaces: WorkspaceResult[],
  checks: readonly Check[],
  profile: ResultsDocument["profile"],
  generatedAt = new Date(),
  problems: NonNullable<ResultsDocument["problems"]> = [],
): ResultsDocument {
  const total = { pass: 0, fail: 0, unknown: 0, not_applicable: 0, manual: 0 };
  for (const workspace of workspaces) for (const key of STATUSES) total[key] += workspace.counts[key];
  return {
    schema: "lakeward/results",
    schemaVersion: RESULTS_SCHEMA_VERSION,
    tool: { name: "lakeward", version: VERSION },
    generatedAt: generatedAt.toISOString(),
    profile,
    summary: { workspaces: workspaces.length, counts: total },
    workspaces,
    ...(problems.length ? { problems } : {}),
    checks: checks.map(({ meta }) => ({
      id: meta.id,
      title: meta.title,
      category: meta.category,
      severity: meta.severity,
      profile: meta.profile,
      threats: [...meta.threats],
      controls: [...meta.controls],
      mcsb: [...meta.mcsb],
      cis: [...(meta.cis ?? [])],
      guide: [...meta.guide],
    })),
  };
}

export function renderJson(document: ResultsDocument): string {
  return [...renderJsonChunks(document)].join("");
}

/** Pieces are joined up to about this many characters before they are yielded (see renderJsonChunks). */
const JSON_PIECE_CHARS = 16 * 1024;

/**
 * The results document's JSON (exactly what `JSON.stringify(document, null, 2)` writes, plus a newline) in
 * pieces of about JSON_PIECE_CHARS: the envelope, then each workspace result by result. An IaC scan of
 * thousands of stacks makes a document of hundreds of MiB; one string of it doubled the peak memory and
 * stringifying it whole took over twice as long as in pieces. Pieces stay small because one workspace's
 * JSON is often over 128 KiB (its messages hold "—" and "→", so V8 stores it two bytes a character): V8
 * allocates such strings in its large-object space, freed only by a full collection, and 3,000 of them
 * added about 100 MiB to the peak of bench:iac (docs/performance.md). Writers stream the pieces.
 */
export function* renderJsonChunks(document: ResultsDocument): Generator<string> {
  let pending = "";
  // Joins small pieces (one result is a few hundred characters) so a writer gets few, still small, writes.
  function* emit(piece: string): Generator<string> {
    pending += piece;
    if (pending.length >= JSON_PIECE_CHARS) {
      yield pending;
      pending = "";
    }
  }
  const envelope = JSON.stringify({ ...document, workspaces: [] }, null, 2);
  // The top level's "workspaces" key is the only one at two spaces' indent (nested ones are deeper).
  const marker = '\n  "workspaces": []';
  const at = envelope.indexOf(marker);
  if (at < 0 || !document.workspaces.length) {
    yield `${JSON.stringify(document, null, 2)}\n`;
    return;
  }
  yield* emit(`${envelope.slice(0, at)}\n  "workspaces": [`);
  const last = document.workspaces.length - 1;
  for (const [i, workspace] of document.workspaces.entries()) {
    // Each item indented as it is inside the document: two levels (four spaces) deeper.
    yield* emit("\n    ");
    yield* workspaceJson(workspace, emit);
    yield* emit(i < last ? "," : "\n  ]");
  }
  yield* emit(`${envelope.slice(at + marker.length)}\n`);
  if (pending) yield pending;
}

/** The characters JSON.stringify([[[[x]]]], null, 2) puts before and after x's own (eight-space indented) text. */
const RESULT_NESTING_HEAD = "[\n  [\n    [\n      [\n        ".length;
const RESULT_NESTING_TAIL = "\n      ]\n    ]\n  ]\n]".length;

/** One workspace's JSON as it is indented inside the document (four spaces deeper), result by result. */
function* workspaceJson(
  workspace: ResultsDocument["workspaces"][number],
  emit: (piece: string) => Generator<string>,
): Generator<string> {
  const indent = (json: string, spaces: string) => json.replaceAll("\n", `\n${spaces}`);
  const envelope = JSON.stringify({ ...workspace, results: [] }, null, 2);
  // The workspace's own "results" key is the only one at two spaces' indent within it.
  const marker = '\n  "results": []';
  const at = envelope.indexOf(marker);
  if (at < 0 || !workspace.results.length) {
    yield* emit(indent(JSON.stringify(workspace, null, 2), "    "));
    return;
  }
  yield* emit(indent(`${envelope.slice(0, at)}\n  "results": [`, "    "));
  const last = workspace.results.length - 1;
  for (const [i, result] of workspace.results.entries()) {
    // A result sits two levels below the workspace: eight spaces inside the document. Stringified inside
    // four arrays, it comes out indented by eight spaces, without a second pass over its text to indent it.
    const nested = JSON.stringify([[[[result]]]], null, 2);
    yield* emit(
      `\n        ${nested.slice(RESULT_NESTING_HEAD, nested.length - RESULT_NESTING_TAIL)}${i < last ? "," : "\n      ]"}`,
    );
  }
  yield* emit(indent(envelope.slice(at + marker.length), "    "));
}
