/**
 * Reading one side of a diff: a results document (`scan --format json`) or a snapshot (`collect`, judged
 * here with the current checks at the requested profile). A results document of another schema version
 * is read leniently — only the fields every version has (workspace identity, check id, status, severity)
 * — and the diff says that evidence cannot be compared. Anything else is an input error that says what
 * the file is and what diff accepts.
 */
import { type Profile, SEVERITIES, type Severity, STATUSES, type Status } from "../checks/types.ts";
import { judge } from "../cli/judge.ts";
import { InputError } from "../errors.ts";
import { snapshotFromJson } from "../evidence/snapshot.ts";
import { RESULTS_SCHEMA_VERSION, resultsDocumentSchema } from "../reports/results-document.ts";
import { documentTime, isSuppressed } from "../reports/shared.ts";
import { type ParsedJson, readJsonFile, validateJson } from "../util/json-file.ts";

export interface SideIdentity {
  name: string;
  host?: string | undefined;
  resourceId?: string | undefined;
  workspaceId?: string | undefined;
}

export interface SideEvidence {
  label: string;
  source: string;
  value?: unknown;
  reason?: string | undefined;
}

export interface SideResult {
  checkId: string;
  title: string;
  severity: Severity;
  status: Status;
  message: string;
  suppressed: boolean;
  resources: string[];
  /** Null when read leniently from another schema version. */
  evidence: SideEvidence[] | null;
}

export interface SideWorkspace {
  identity: SideIdentity;
  results: Map<string, SideResult>;
}

export interface Side {
  file: string;
  kind: "results" | "snapshot";
  schemaVersion: number | null;
  /** False when read leniently: statuses compare, evidence does not. */
  full: boolean;
  profile: string | null;
  generatedAt: string | null;
  toolVersion: string | null;
  /** Ids of the checks that ran. */
  checks: Set<string>;
  workspaces: SideWorkspace[];
  /** What the run could not read at all (a subscription not listed): its workspaces are missing, not gone. */
  notRead: string[];
}

function fromDocument(
  file: string,
  kind: Side["kind"],
  document: ReturnType<typeof resultsDocumentSchema.parse>,
): Side {
  const at = documentTime(document);
  return {
    file,
    kind,
    schemaVersion: document.schemaVersion,
    full: true,
    profile: document.profile,
    generatedAt: document.generatedAt,
    toolVersion: document.tool.version,
    checks: new Set(document.checks.map((check) => check.id)),
    notRead: (document.problems ?? []).filter((problem) => problem.fatal).map((problem) => problem.message),
    workspaces: document.workspaces.map((workspace) => ({
      identity: {
        name: workspace.workspace.name,
        host: workspace.workspace.host ?? undefined,
        resourceId: workspace.workspace.resourceId ?? undefined,
        workspaceId: workspace.workspace.workspaceId ?? undefined,
      },
      results: new Map(
        workspace.results.map((result) => [
          result.checkId,
          {
            checkId: result.checkId,
            title: result.title,
            severity: result.severity,
            status: result.status,
            message: result.message,
            suppressed: result.status === "fail" && isSuppressed(result, at),
            resources: [...result.resources],
            evidence: result.evidence.map((e) => ({
              label: e.label,
              source: e.source,
              ...(e.reason !== undefined ? { reason: e.reason } : { value: e.value }),
            })),
          },
        ]),
      ),
    })),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const optionalString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Reads the fields every results schema version has; throws an InputError naming what is missing. */
function lenient(parsed: ParsedJson, version: unknown): Side {
  const root = parsed.value as Record<string, unknown>;
  const problem = (what: string, path: (string | number)[]) =>
    new InputError(
      `${parsed.file}: line ${parsed.lineOf(path)}: results schema version ${typeof version === "number" ? version : "(not a number)"} has no ${what}; this lakeward reads version ${RESULTS_SCHEMA_VERSION}, so the files cannot be compared`,
      "Re-create both files with the same lakeward version (`lakeward scan --format json`), or diff the snapshots.",
    );
  if (!Array.isArray(root.workspaces)) throw problem("workspaces list", ["workspaces"]);
  const workspaces: SideWorkspace[] = root.workspaces.map((entry, index) => {
    if (!isRecord(entry) || !isRecord(entry.workspace) || typeof entry.workspace.name !== "string")
      throw problem("workspace name", ["workspaces", index]);
    if (!Array.isArray(entry.results)) throw problem("results list", ["workspaces", index]);
    const results = new Map<string, SideResult>();
    entry.results.forEach((result, resultIndex) => {
      const path = ["workspaces", index, "results", resultIndex];
      if (!isRecord(result) || typeof result.checkId !== "string") throw problem("check id on a result", path);
      if (!(STATUSES as readonly unknown[]).includes(result.status)) throw problem("known status on a result", path);
      const severity = (SEVERITIES as readonly unknown[]).includes(result.severity)
        ? (result.severity as Severity)
        : "info";
      results.set(result.checkId, {
        checkId: result.checkId,
        title: optionalString(result.title) ?? result.checkId,
        severity,
        status: result.status as Status,
        message: optionalString(result.message) ?? "",
        suppressed: result.status === "fail" && isRecord(result.suppression),
        resources: Array.isArray(result.resources)
          ? result.resources.filter((r): r is string => typeof r === "string")
          : [],
        evidence: null,
      });
    });
    const id = entry.workspace;
    return {
      identity: {
        name: id.name as string,
        host: optionalString(id.host),
        resourceId: optionalString(id.resourceId),
        workspaceId: optionalString(id.workspaceId),
      },
      results,
    };
  });
  const checks = Array.isArray(root.checks)
    ? root.checks.flatMap((check) => (isRecord(check) && typeof check.id === "string" ? [check.id] : []))
    : workspaces.flatMap((workspace) => [...workspace.results.keys()]);
  const tool = isRecord(root.tool) ? optionalString(root.tool.version) : undefined;
  return {
    file: parsed.file,
    kind: "results",
    schemaVersion: typeof version === "number" ? version : null,
    full: false,
    profile: optionalString(root.profile) ?? null,
    generatedAt: optionalString(root.generatedAt) ?? null,
    toolVersion: tool ?? null,
    checks: new Set(checks),
    workspaces,
    notRead: Array.isArray(root.problems)
      ? root.problems.flatMap((problem) =>
          isRecord(problem) && problem.fatal === true && typeof problem.message === "string" ? [problem.message] : [],
        )
      : [],
  };
}

/** Reads a results document or a snapshot. A snapshot is judged with the current checks at `profile`. */
export async function loadSide(file: string, profile: Profile): Promise<Side> {
  const parsed = await readJsonFile(file, { kind: "results" });
  const header = isRecord(parsed.value) ? parsed.value : {};
  if (header.schema === "lakeward/snapshot") {
    const snapshot = snapshotFromJson(parsed);
    const document = judge(snapshot.workspaces, profile, new Date(snapshot.createdAt), {}, snapshot.problems ?? []);
    return { ...fromDocument(file, "snapshot", document), generatedAt: snapshot.createdAt };
  }
  if (header.schema !== "lakeward/results") {
    throw new InputError(
      `${file}: line 1: not a lakeward results document or snapshot (no "schema": "lakeward/results" or "lakeward/snapshot")`,
      "diff reads `lakeward scan --format json` output or `lakeward collect` snapshots.",
    );
  }
  if (header.schemaVersion === RESULTS_SCHEMA_VERSION)
    return fromDocument(file, "results", validateJson(parsed, resultsDocumentSchema, "lakeward results document"));
  return lenient(parsed, header.schemaVersion);
}
