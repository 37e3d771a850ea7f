/**
 * Views that summarise an estate for the people who act on it, computed from a results document and the
 * check metadata (pure data; the HTML report draws them in html/sections.ts):
 *
 * - fixFirst: the few changes that remove the most risk — failing checks ranked by the score points the
 *   estate would gain if the check passed in every workspace where it fails (severity × workspaces);
 * - unknownCauses: why results are unknown, grouped by cause, each with what to do next;
 * - findingGroups: results grouped by check, the workspaces under each, worst first;
 * - implicated: which evidence rows a failure is about (the value to highlight).
 */
import { SEVERITY_WEIGHT, score } from "../engine/score.ts";
import type { ResultsDocument } from "./results-document.ts";
import {
  type CheckInfo,
  compareResults,
  DISPLAY_ORDER,
  type DisplayStatus,
  displayStatus,
  formatValue,
  isSuppressed,
  type ResultEntry,
  severityRank,
  type WorkspaceReport,
} from "./shared.ts";

export interface FixFirstItem {
  checkId: string;
  title: string;
  severity: ResultEntry["severity"];
  /** Workspaces where the check fails (suppressed failures left out), by index and name. */
  workspaces: { index: number; name: string }[];
  /** Overall score now, and if this check passed wherever it fails. */
  scoreNow: number | null;
  scoreIfFixed: number | null;
  /** The first sentence of the portal fix, when the check is known. */
  fix: string | null;
}

/**
 * Failing checks ranked by what fixing them everywhere would add to the overall score (which weighs
 * severity and counts every workspace), then by severity, then by workspaces affected; at most `limit`.
 */
export function fixFirst(
  document: ResultsDocument,
  catalogue: ReadonlyMap<string, CheckInfo>,
  at: Date,
  limit = 5,
): FixFirstItem[] {
  const all = document.workspaces.flatMap((workspace) => workspace.results);
  const scoreNow = score(all);
  const failing = new Map<string, { index: number; name: string }[]>();
  document.workspaces.forEach((workspace, index) => {
    for (const result of workspace.results) {
      if (result.status !== "fail" || isSuppressed(result, at)) continue;
      failing.set(result.checkId, [...(failing.get(result.checkId) ?? []), { index, name: workspace.workspace.name }]);
    }
  });
  const items = [...failing].map(([checkId, workspaces]): FixFirstItem => {
    const info = catalogue.get(checkId);
    const first = all.find((result) => result.checkId === checkId)!;
    const fixed = all.map((result) =>
      result.checkId === checkId && result.status === "fail" && !isSuppressed(result, at)
        ? { ...result, status: "pass" as const }
        : result,
    );
    const ui = info?.remediation?.ui ?? null;
    return {
      checkId,
      title: info?.title ?? first.title,
      severity: first.severity,
      workspaces,
      scoreNow,
      scoreIfFixed: score(fixed),
      fix: ui ? firstSentence(ui) : null,
    };
  });
  const gain = (item: FixFirstItem) => (item.scoreIfFixed ?? 0) - (item.scoreNow ?? 0);
  const weight = (item: FixFirstItem) => SEVERITY_WEIGHT[item.severity] * item.workspaces.length;
  return items
    .filter((item) => SEVERITY_WEIGHT[item.severity] > 0)
    .sort(
      (a, b) =>
        gain(b) - gain(a) ||
        weight(b) - weight(a) ||
        b.workspaces.length - a.workspaces.length ||
        a.checkId.localeCompare(b.checkId, "en", { numeric: true }),
    )
    .slice(0, limit);
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/[.;](\s|$)/);
  return end > 0 && end < 240 ? flat.slice(0, end + 1) : flat.length > 240 ? `${flat.slice(0, 239)}…` : flat;
}

/** Why a result is unknown, in kinds a reader can act on. */
export type UnknownCause =
  | "not-given"
  | "forbidden"
  | "partial"
  | "no-default"
  | "tier"
  | "unreachable"
  | "not-declared"
  | "other";

export const UNKNOWN_CAUSE_TEXT: Record<UnknownCause, { label: string; next: string }> = {
  "not-given": {
    label: "a source was not asked for",
    next: "add the option the reason names (--subscription / --workspace-resource-id, --account-id, --graph, --audit-logs)",
  },
  forbidden: {
    label: "the scanning identity was refused",
    next: "scan as a workspace admin (and metastore or account admin where the reason says)",
  },
  partial: {
    label: "a list may be incomplete for the scanning identity",
    next: "scan as a workspace and metastore admin to see every object",
  },
  "no-default": {
    label: "a setting was read, was never set, and has no documented default",
    next: "set it explicitly in the admin console to decide",
  },
  tier: { label: "the API does not exist on this workspace's tier or region", next: "see GOV-16 (Premium tier)" },
  unreachable: { label: "an endpoint did not answer", next: "check the network path and run again" },
  "not-declared": {
    label: "the configuration does not declare it",
    next: "declare it, or judge the deployed workspace with `lakeward scan`",
  },
  other: { label: "other reasons", next: "see each result's reason" },
};

/** The cause of one unknown result, from the reason its evidence carries. */
export function unknownCause(result: Pick<ResultEntry, "message" | "evidence">): UnknownCause {
  const reason = `${result.evidence.find((e) => e.reason !== undefined)?.reason ?? ""} ${result.message}`;
  if (/may be incomplete|partial/i.test(result.message) && !result.evidence.some((e) => e.reason)) return "partial";
  if (
    /not read: give|was not read|not read \(give|needs an Azure credential|only in the audit logs|not asked/i.test(
      reason,
    )
  )
    return "not-given";
  if (/\b403\b|forbidden|PERMISSION_DENIED|not an? (workspace |metastore |account )?admin/i.test(reason))
    return "forbidden";
  if (/never set.*default is not documented|no documented default/i.test(reason)) return "no-default";
  if (/FEATURE_DISABLED|pricing tier|missing on this SKU|not available on this workspace/i.test(reason)) return "tier";
  if (/not declared|cannot declare|does not declare|not in the configuration/i.test(reason)) return "not-declared";
  if (/timed? ?out|ECONNREFUSED|ENOTFOUND|unreachable|did not answer|network|reset/i.test(reason)) return "unreachable";
  return "other";
}

/** Unknown results counted by cause, most frequent first. */
export function unknownCauses(document: ResultsDocument): { cause: UnknownCause; count: number; checks: string[] }[] {
  const byCause = new Map<UnknownCause, { count: number; checks: Set<string> }>();
  for (const workspace of document.workspaces)
    for (const result of workspace.results) {
      if (result.status !== "unknown") continue;
      const cause = unknownCause(result);
      const entry = byCause.get(cause) ?? { count: 0, checks: new Set<string>() };
      entry.count++;
      entry.checks.add(result.checkId);
      byCause.set(cause, entry);
    }
  return [...byCause]
    .map(([cause, { count, checks }]) => ({ cause, count, checks: [...checks].sort() }))
    .sort((a, b) => b.count - a.count);
}

export interface FindingGroup {
  checkId: string;
  title: string;
  severity: ResultEntry["severity"];
  category: ResultEntry["category"];
  /** The worst display status over the workspaces. */
  worst: DisplayStatus;
  /** How many workspaces have each display status. */
  counts: Partial<Record<DisplayStatus, number>>;
  results: { index: number; workspace: WorkspaceReport; result: ResultEntry; shown: DisplayStatus }[];
}

/** Every check of the document with the workspaces under it: failing checks first, then by severity. */
export function findingGroups(document: ResultsDocument, at: Date): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  document.workspaces.forEach((workspace, index) => {
    for (const result of workspace.results) {
      const shown = displayStatus(result, at);
      const group =
        groups.get(result.checkId) ??
        ({
          checkId: result.checkId,
          title: result.title,
          severity: result.severity,
          category: result.category,
          worst: shown,
          counts: {},
          results: [],
        } satisfies FindingGroup);
      group.results.push({ index, workspace, result, shown });
      group.counts[shown] = (group.counts[shown] ?? 0) + 1;
      if (DISPLAY_ORDER.indexOf(shown) < DISPLAY_ORDER.indexOf(group.worst)) group.worst = shown;
      groups.set(result.checkId, group);
    }
  });
  const representative = (group: FindingGroup) =>
    group.results.find((entry) => entry.shown === group.worst)?.result ?? group.results[0]!.result;
  // Worst status first, then severity, then the checks that are in that state in the most workspaces.
  const ordered = [...groups.values()].sort(
    (a, b) =>
      DISPLAY_ORDER.indexOf(a.worst) - DISPLAY_ORDER.indexOf(b.worst) ||
      severityRank(a.severity) - severityRank(b.severity) ||
      (b.counts[b.worst] ?? 0) - (a.counts[a.worst] ?? 0) ||
      compareResults(representative(a), representative(b), at),
  );
  for (const group of ordered)
    group.results.sort((a, b) => DISPLAY_ORDER.indexOf(a.shown) - DISPLAY_ORDER.indexOf(b.shown) || a.index - b.index);
  return ordered;
}

/**
 * For a failing result, which of its evidence rows the finding is about: a row whose setting name the
 * message names ("enableIpAccessLists", "publicNetworkAccess"), a list the message counts ("clusters"),
 * or whose value the message quotes ("Enabled", "0.0.0.0/0"). Other results implicate nothing: for them every row is context.
 */
export function implicated(result: Pick<ResultEntry, "status" | "message" | "evidence">): boolean[] {
  if (result.status !== "fail") return result.evidence.map(() => false);
  const message = result.message.toLowerCase();
  const spaced = message.replace(/[\s_-]+/g, "");
  // Distinctive tokens of the message: quoted strings and words with a digit, dot, slash or colon in them.
  const tokens = [
    ...[...result.message.matchAll(/"([^"]{2,80})"/g)].map((m) => m[1]!.toLowerCase()),
    ...result.message
      .split(/[\s,;()]+/)
      .filter((word) => word.length >= 4 && /[\d./:]/.test(word))
      .map((word) => word.replace(/[.:]+$/, "").toLowerCase()),
  ].filter((token) => token.length >= 3);
  return result.evidence.map((evidence) => {
    if (evidence.reason !== undefined) return false;
    const key = evidence.label.split(/\s+/).pop() ?? "";
    if (key.length >= 6 && /[A-Z]/.test(key) && spaced.includes(key.toLowerCase())) return true;
    // A list the message counts ("3 cluster(s) without …" over the evidence "clusters").
    const singular = evidence.label.toLowerCase().replace(/s$/, "");
    if (singular.length >= 6 && !/\s(=|of)\s/.test(singular) && message.includes(singular)) return true;
    const value = evidence.value;
    if (value === undefined || value === null) return false;
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      const text = String(value).toLowerCase();
      if (text.length < 3) return false;
      return new RegExp(`(^|[^a-z0-9])${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}([^a-z0-9]|$)`).test(message);
    }
    const text = formatValue(value, 4000).toLowerCase();
    return tokens.some((token) => text.includes(token));
  });
}
