/**
 * Drift between two judgements of the same workspaces: new failures, resolved failures, other status
 * changes and changed evidence, per check and workspace. "Worse" — what makes `lakeward diff` exit 1 —
 * is a new unsuppressed failure, a pass that became unknown, or a failure whose suppression lapsed, at or
 * above the --fail-on severity.
 *
 * Workspaces are matched by ARM resource id, then workspace id, then host, then name. What cannot be
 * compared is said, not guessed: workspaces only on one side, checks only one side ran (another profile
 * or lakeward version), and evidence when one side was read leniently from another schema version.
 */
import { z } from "zod";
import { SEVERITIES, STATUSES } from "../checks/types.ts";
import { atOrAbove, type FailOn } from "../cli/judge.ts";
import { formatValue } from "../reports/shared.ts";
import { evidenceChanges as fieldChanges } from "./canonical.ts";
import type { Side, SideEvidence, SideIdentity, SideResult, SideWorkspace } from "./load.ts";

export const DIFF_SCHEMA_VERSION = 1;

const status = z.enum(STATUSES);
const severity = z.enum(SEVERITIES);
const sideSummary = z.object({
  file: z.string(),
  kind: z.enum(["results", "snapshot"]),
  schemaVersion: z.number().nullable(),
  profile: z.string().nullable(),
  generatedAt: z.string().nullable(),
  toolVersion: z.string().nullable(),
  workspaces: z.number(),
});
const verdict = z.object({ status, suppressed: z.boolean(), message: z.string() });

export const CHANGE_KINDS = [
  "new_failure",
  "pass_to_unknown",
  "resolved",
  "status_changed",
  "evidence_changed",
] as const;

export const changeSchema = z.object({
  workspace: z.string(),
  checkId: z.string(),
  title: z.string(),
  severity,
  kind: z.enum(CHANGE_KINDS),
  worse: z.boolean().describe("counts towards exit code 1 (at or above --fail-on)"),
  before: verdict,
  after: verdict,
  evidence: z
    .array(z.object({ label: z.string(), before: z.string().nullable(), after: z.string().nullable() }))
    .describe("evidence entries that were added, removed or changed (values as one-line text)"),
  resources: z.object({ added: z.array(z.string()), removed: z.array(z.string()) }),
});
export type Change = z.infer<typeof changeSchema>;

export const diffDocumentSchema = z.object({
  schema: z.literal("lakeward/diff"),
  schemaVersion: z.literal(DIFF_SCHEMA_VERSION),
  old: sideSummary,
  new: sideSummary,
  failOn: z.string(),
  comparable: z.boolean().describe("false when the two files share no workspace"),
  notes: z.array(z.string()).describe("what could not be compared, and why"),
  workspaces: z.object({
    compared: z.array(z.string()),
    onlyInOld: z.array(z.string()),
    onlyInNew: z.array(z.string()),
  }),
  checks: z.object({ onlyInOld: z.array(z.string()), onlyInNew: z.array(z.string()) }),
  changes: z.array(changeSchema),
  summary: z.object({
    newFailures: z.number(),
    passToUnknown: z.number(),
    resolved: z.number(),
    statusChanges: z.number(),
    evidenceChanges: z.number(),
    worse: z.number(),
  }),
});
export type DiffDocument = z.infer<typeof diffDocumentSchema>;

const normalise = (text: string | undefined) => text?.trim().toLowerCase().replace(/\/+$/, "") || undefined;

function identityKeys(identity: SideIdentity): string[] {
  return [
    normalise(identity.resourceId) && `rid:${normalise(identity.resourceId)}`,
    normalise(identity.workspaceId) && `wid:${normalise(identity.workspaceId)}`,
    normalise(identity.host) && `host:${normalise(identity.host)}`,
    `name:${identity.name.toLowerCase()}`,
  ].filter((key): key is string => Boolean(key));
}

/** Pairs workspaces: the strongest shared key wins; each workspace pairs at most once. */
export function matchWorkspaces(
  old: readonly SideWorkspace[],
  next: readonly SideWorkspace[],
): { pairs: [SideWorkspace, SideWorkspace][]; onlyInOld: SideWorkspace[]; onlyInNew: SideWorkspace[] } {
  const pairs: [SideWorkspace, SideWorkspace][] = [];
  const usedNew = new Set<SideWorkspace>();
  const unmatchedOld: SideWorkspace[] = [];
  for (const prefix of ["rid:", "wid:", "host:", "name:"]) {
    for (const before of old) {
      if (pairs.some(([o]) => o === before)) continue;
      const key = identityKeys(before.identity).find((k) => k.startsWith(prefix));
      if (!key) continue;
      const after = next.find((candidate) => !usedNew.has(candidate) && identityKeys(candidate.identity).includes(key));
      if (after) {
        pairs.push([before, after]);
        usedNew.add(after);
      }
    }
  }
  for (const before of old) if (!pairs.some(([o]) => o === before)) unmatchedOld.push(before);
  return { pairs, onlyInOld: unmatchedOld, onlyInNew: next.filter((w) => !usedNew.has(w)) };
}

function evidenceText(entry: SideEvidence | undefined): string | null {
  if (!entry) return null;
  return entry.reason !== undefined ? `unknown: ${entry.reason}` : formatValue(entry.value, 300);
}

/**
 * Changed evidence, compared canonically (canonical.ts): key order, list order and volatile values (read
 * times, last-used days, a cluster's running state) are not changes. Each change names the field that
 * changed under its evidence label (`IP access lists[id=1].addresses`) with its old and new value.
 */
function evidenceChanges(before: SideEvidence[], after: SideEvidence[]): Change["evidence"] {
  const labels = [...new Set([...before.map((e) => e.label), ...after.map((e) => e.label)])];
  const changes: Change["evidence"] = [];
  for (const label of labels) {
    const b = before.find((e) => e.label === label);
    const a = after.find((e) => e.label === label);
    if (!b || !a || b.reason !== undefined || a.reason !== undefined) {
      const bt = evidenceText(b);
      const at = evidenceText(a);
      if (bt !== at) changes.push({ label, before: bt, after: at });
      continue;
    }
    for (const field of fieldChanges(b.value, a.value))
      changes.push({
        label: field.path ? `${label}${field.path.startsWith("[") ? "" : "."}${field.path}` : label,
        before: field.before,
        after: field.after,
      });
  }
  return changes;
}

function classify(before: SideResult, after: SideResult): Change["kind"] | null {
  const wasFailing = before.status === "fail" && !before.suppressed;
  const isFailing = after.status === "fail" && !after.suppressed;
  if (isFailing && !wasFailing) return "new_failure";
  if (before.status === "pass" && after.status === "unknown") return "pass_to_unknown";
  if (before.status === "fail" && (after.status === "pass" || after.status === "not_applicable")) return "resolved";
  if (before.status !== after.status || before.suppressed !== after.suppressed) return "status_changed";
  return null;
}

function describeSide(side: Side): z.infer<typeof sideSummary> {
  return {
    file: side.file,
    kind: side.kind,
    schemaVersion: side.schemaVersion,
    profile: side.profile,
    generatedAt: side.generatedAt,
    toolVersion: side.toolVersion,
    workspaces: side.workspaces.length,
  };
}

export function diffSides(old: Side, next: Side, failOn: FailOn): DiffDocument {
  const notes: string[] = [];
  if (old.kind === "results" && next.kind === "results" && old.schemaVersion !== next.schemaVersion) {
    notes.push(
      `OLD is results schema version ${old.schemaVersion ?? "?"} and NEW version ${next.schemaVersion ?? "?"}: statuses are compared; evidence is compared only between files this lakeward reads in full.`,
    );
  } else if (!old.full || !next.full) {
    notes.push(
      `${!old.full ? "OLD" : "NEW"} is results schema version ${(!old.full ? old : next).schemaVersion ?? "?"}, which this lakeward reads only in part: statuses are compared, evidence is not.`,
    );
  }
  if (old.profile && next.profile && old.profile !== next.profile) {
    notes.push(
      `OLD was judged at profile ${old.profile} and NEW at ${next.profile}: checks of only one profile are listed as added or removed, not as changes.`,
    );
  }
  const onlyChecksOld = [...old.checks].filter((id) => !next.checks.has(id)).sort();
  const onlyChecksNew = [...next.checks].filter((id) => !old.checks.has(id)).sort();
  if (onlyChecksOld.length || onlyChecksNew.length) {
    notes.push(
      `Not compared: ${[
        onlyChecksNew.length ? `checks only NEW ran (${onlyChecksNew.join(", ")})` : "",
        onlyChecksOld.length ? `checks only OLD ran (${onlyChecksOld.join(", ")})` : "",
      ]
        .filter(Boolean)
        .join("; ")}.`,
    );
  }

  for (const [label, side] of [
    ["OLD", old],
    ["NEW", next],
  ] as const) {
    if (side.notRead.length)
      notes.push(
        `${label} is incomplete (${side.notRead.join("; ")}): a workspace missing from it may not have been read, rather than removed.`,
      );
  }
  const { pairs, onlyInOld, onlyInNew } = matchWorkspaces(old.workspaces, next.workspaces);
  const comparable = pairs.length > 0;
  if (!comparable && (old.workspaces.length || next.workspaces.length)) {
    notes.push(
      `No workspace in common: OLD has ${old.workspaces.map((w) => w.identity.name).join(", ") || "none"}; NEW has ${next.workspaces.map((w) => w.identity.name).join(", ") || "none"}. These look like scans of different targets; nothing was compared.`,
    );
  } else {
    if (onlyInOld.length)
      notes.push(`Only in OLD (removed or not scanned): ${onlyInOld.map((w) => w.identity.name).join(", ")}.`);
    if (onlyInNew.length) notes.push(`Only in NEW (added): ${onlyInNew.map((w) => w.identity.name).join(", ")}.`);
  }

  const changes: Change[] = [];
  const compareEvidence = old.full && next.full;
  for (const [before, after] of pairs) {
    for (const [checkId, afterResult] of after.results) {
      const beforeResult = before.results.get(checkId);
      if (!beforeResult) continue; // a check only one side ran: noted above
      let kind = classify(beforeResult, afterResult);
      const evidence =
        compareEvidence && beforeResult.evidence && afterResult.evidence
          ? evidenceChanges(beforeResult.evidence, afterResult.evidence)
          : [];
      const resources = {
        added: afterResult.resources.filter((r) => !beforeResult.resources.includes(r)),
        removed: beforeResult.resources.filter((r) => !afterResult.resources.includes(r)),
      };
      if (!kind && (evidence.length || resources.added.length || resources.removed.length)) kind = "evidence_changed";
      if (!kind) continue;
      const worse = (kind === "new_failure" || kind === "pass_to_unknown") && atOrAbove(afterResult.severity, failOn);
      changes.push({
        workspace: after.identity.name,
        checkId,
        title: afterResult.title,
        severity: afterResult.severity,
        kind,
        worse,
        before: { status: beforeResult.status, suppressed: beforeResult.suppressed, message: beforeResult.message },
        after: { status: afterResult.status, suppressed: afterResult.suppressed, message: afterResult.message },
        evidence,
        resources,
      });
    }
  }
  const order = (c: Change) => CHANGE_KINDS.indexOf(c.kind);
  changes.sort(
    (a, b) =>
      Number(b.worse) - Number(a.worse) ||
      order(a) - order(b) ||
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      a.workspace.localeCompare(b.workspace) ||
      a.checkId.localeCompare(b.checkId, "en", { numeric: true }),
  );
  const count = (kind: Change["kind"]) => changes.filter((c) => c.kind === kind).length;
  return {
    schema: "lakeward/diff",
    schemaVersion: DIFF_SCHEMA_VERSION,
    old: describeSide(old),
    new: describeSide(next),
    failOn,
    comparable,
    notes,
    workspaces: {
      compared: pairs.map(([, after]) => after.identity.name),
      onlyInOld: onlyInOld.map((w) => w.identity.name),
      onlyInNew: onlyInNew.map((w) => w.identity.name),
    },
    checks: { onlyInOld: onlyChecksOld, onlyInNew: onlyChecksNew },
    changes,
    summary: {
      newFailures: count("new_failure"),
      passToUnknown: count("pass_to_unknown"),
      resolved: count("resolved"),
      statusChanges: count("status_changed"),
      evidenceChanges: count("evidence_changed"),
      worse: changes.filter((c) => c.worse).length,
    },
  };
}
