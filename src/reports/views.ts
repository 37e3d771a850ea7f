/**
 * The views the HTML (and Markdown) reports are built from, computed from a results document and the
 * check metadata: scores per category, counts by severity, category and threat, the guide's threat model
 * with the state of each mitigation, the ASB v2 baseline matrix and the CIS §2.1 view. Scores come from
 * engine/score.ts, the single source of the numbers.
 */
import { ASB_CONTROLS, ASB_FAMILIES, type AsbControl } from "../catalogue/asb.ts";
import { CIS_ITEMS, THREAT_MITIGATIONS } from "../catalogue/guide.ts";
import { CHECKS } from "../checks/registry.ts";
import { CATEGORIES, type Category, SEVERITIES, type Severity, THREATS, type Threat } from "../checks/types.ts";
import { emptyCounts, type StatusCounts, score } from "../engine/score.ts";
import type { ResultsDocument } from "./results-document.ts";
import { type CheckInfo, displayStatus, type ResultEntry } from "./shared.ts";

/**
 * The state of a group of results (a mitigation, a control, a CIS item), worst first: one failure makes
 * it "fail"; unknown outranks everything but failure, so a group is never "pass" while any of its
 * evidence is unknown. "not_assessed": no check of this run covers it.
 */
export type Rollup = "fail" | "unknown" | "suppressed" | "manual" | "pass" | "not_applicable" | "not_assessed";

export const ROLLUP_ORDER: readonly Rollup[] = [
  "fail",
  "unknown",
  "suppressed",
  "manual",
  "pass",
  "not_applicable",
  "not_assessed",
];

export const ROLLUP_LABEL: Record<Rollup, string> = {
  fail: "gap",
  unknown: "unknown",
  suppressed: "gap (suppressed)",
  manual: "manual",
  pass: "met",
  not_applicable: "n/a",
  not_assessed: "not assessed",
};

export function rollup(results: readonly ResultEntry[], at: Date): Rollup {
  if (results.length === 0) return "not_assessed";
  let worst: Rollup = "not_applicable";
  for (const result of results) {
    const shown = displayStatus(result, at);
    const state: Rollup = shown === "attested" ? "pass" : shown;
    if (ROLLUP_ORDER.indexOf(state) < ROLLUP_ORDER.indexOf(worst)) worst = state;
  }
  return worst;
}

function countsOf(results: readonly ResultEntry[]): StatusCounts {
  const counts = emptyCounts();
  for (const result of results) counts[result.status]++;
  return counts;
}

export interface ScoreCell {
  score: number | null;
  counts: StatusCounts;
}

export interface CategoryScores {
  /** Per workspace, in document order: the workspace's score and one cell per category. */
  workspaces: { name: string; score: number | null; categories: Record<Category, ScoreCell> }[];
  /** Every workspace together. */
  overall: { score: number | null; categories: Record<Category, ScoreCell> };
}

function byCategory(results: readonly ResultEntry[]): Record<Category, ScoreCell> {
  const cells = {} as Record<Category, ScoreCell>;
  for (const category of Object.keys(CATEGORIES) as Category[]) {
    const inCategory = results.filter((result) => result.category === category);
    cells[category] = { score: score(inCategory), counts: countsOf(inCategory) };
  }
  return cells;
}

export function categoryScores(document: ResultsDocument): CategoryScores {
  const all = document.workspaces.flatMap((workspace) => workspace.results);
  return {
    workspaces: document.workspaces.map((workspace) => ({
      name: workspace.workspace.name,
      score: workspace.score,
      categories: byCategory(workspace.results),
    })),
    overall: { score: score(all), categories: byCategory(all) },
  };
}

/** Status counts over every workspace, grouped by severity, by category and by threat. */
export interface Breakdown {
  severity: Record<Severity, StatusCounts>;
  category: Record<Category, StatusCounts>;
  /** A result counts once for each threat its check mitigates; "none" for patch hygiene checks. */
  threat: Record<Threat | "none", StatusCounts>;
}

export function breakdown(document: ResultsDocument): Breakdown {
  const severity = Object.fromEntries(SEVERITIES.map((s) => [s, emptyCounts()])) as Record<Severity, StatusCounts>;
  const category = Object.fromEntries(Object.keys(CATEGORIES).map((c) => [c, emptyCounts()])) as Record<
    Category,
    StatusCounts
  >;
  const threat = Object.fromEntries([...Object.keys(THREATS), "none"].map((t) => [t, emptyCounts()])) as Record<
    Threat | "none",
    StatusCounts
  >;
  for (const workspace of document.workspaces) {
    for (const result of workspace.results) {
      severity[result.severity][result.status]++;
      category[result.category][result.status]++;
      for (const key of result.threats.length ? result.threats : (["none"] as const)) threat[key][result.status]++;
    }
  }
  return { severity, category, threat };
}

/** Results of the given checks in one workspace. */
function resultsOf(workspace: ResultsDocument["workspaces"][number], checkIds: ReadonlySet<string>): ResultEntry[] {
  return workspace.results.filter((result) => checkIds.has(result.checkId));
}

/** Registry checks matching `predicate` that this run did not judge (e.g. high-profile checks in a standard scan). */
function notRun(
  catalogue: ReadonlyMap<string, CheckInfo>,
  predicate: (meta: (typeof CHECKS)[number]["meta"]) => boolean,
) {
  return CHECKS.filter((check) => !catalogue.has(check.meta.id) && predicate(check.meta)).map((check) => check.meta.id);
}

export interface MappedRow {
  /** Checks of this run mapped to the row. */
  checks: string[];
  /** Checks lakeward has for the row that this run did not judge (another profile). */
  notRun: string[];
  perWorkspace: Rollup[];
  overall: Rollup;
}

function mapped(document: ResultsDocument, checks: string[], notRunIds: string[], at: Date): MappedRow {
  const ids = new Set(checks);
  const perWorkspace = document.workspaces.map((workspace) => rollup(resultsOf(workspace, ids), at));
  const all = document.workspaces.flatMap((workspace) => resultsOf(workspace, ids));
  return { checks, notRun: notRunIds, perWorkspace, overall: rollup(all, at) };
}

export interface MitigationView extends MappedRow {
  strategy: string;
  sections: { title: string; checks: string[] }[];
}

export interface ThreatView {
  threat: Threat;
  title: string;
  mitigations: MitigationView[];
  /** Counts over every result whose check names this threat. */
  tagged: StatusCounts;
  overall: Rollup;
}

/**
 * The guide's threat model (section 4): per threat, its mitigation strategies, the configuration
 * sections each points to, the checks that implement those sections (by the checks' `guide` metadata),
 * and the state of the mitigation in each workspace.
 */
export function threatModel(
  document: ResultsDocument,
  catalogue: ReadonlyMap<string, CheckInfo>,
  at: Date,
): ThreatView[] {
  const checks = [...catalogue.values()];
  return (Object.keys(THREATS) as Threat[]).map((threat) => {
    const mitigations = THREAT_MITIGATIONS[threat].map((mitigation) => {
      const sections = mitigation.sections.map((section) => ({
        title: section,
        checks: checks.filter((check) => check.guide.includes(section)).map((check) => check.id),
      }));
      const ids = [...new Set(sections.flatMap((section) => section.checks))];
      const missing = notRun(catalogue, (meta) =>
        meta.guide.some((g) => (mitigation.sections as readonly string[]).includes(g)),
      );
      return { strategy: mitigation.strategy, sections, ...mapped(document, ids, missing, at) };
    });
    const taggedIds = new Set(checks.filter((check) => check.threats.includes(threat)).map((check) => check.id));
    const tagged = countsOf(document.workspaces.flatMap((workspace) => resultsOf(workspace, taggedIds)));
    const overall = mitigations.reduce<Rollup>(
      (worst, m) =>
        m.overall !== "not_assessed" && ROLLUP_ORDER.indexOf(m.overall) < ROLLUP_ORDER.indexOf(worst)
          ? m.overall
          : worst,
      "not_assessed",
    );
    return { threat, title: THREATS[threat], mitigations, tagged, overall };
  });
}

export interface ControlView extends MappedRow {
  control: AsbControl;
  familyTitle: string;
}

/**
 * Every control of the ASB v2 baseline, in the baseline's order, with the checks that give evidence for
 * it and their state; controls the baseline leaves "Guidance: None" are listed like the others.
 */
export function asbMatrix(
  document: ResultsDocument,
  catalogue: ReadonlyMap<string, CheckInfo>,
  at: Date,
): ControlView[] {
  const checks = [...catalogue.values()];
  return ASB_CONTROLS.map((control) => ({
    control,
    familyTitle: ASB_FAMILIES[control.family],
    ...mapped(
      document,
      checks.filter((check) => check.controls.includes(control.id)).map((check) => check.id),
      notRun(catalogue, (meta) => meta.controls.includes(control.id)),
      at,
    ),
  }));
}

/** Control ids that checks name but the baseline does not list (a mapping to fix, shown as such). */
export function unknownControls(catalogue: ReadonlyMap<string, CheckInfo>): string[] {
  const known = new Set(ASB_CONTROLS.map((control) => control.id));
  return [...new Set([...catalogue.values()].flatMap((check) => check.controls))].filter((id) => !known.has(id)).sort();
}

export interface CisView extends MappedRow {
  id: string;
  title: string;
}

/** The CIS Azure Foundations §2.1 (Azure Databricks) items with the checks that evidence each. */
export function cisView(document: ResultsDocument, catalogue: ReadonlyMap<string, CheckInfo>, at: Date): CisView[] {
  const checks = [...catalogue.values()];
  return CIS_ITEMS.map((item) => ({
    id: item.id,
    title: item.title,
    ...mapped(
      document,
      checks.filter((check) => check.cis.includes(item.id)).map((check) => check.id),
      notRun(catalogue, (meta) => (meta.cis ?? []).includes(item.id)),
      at,
    ),
  }));
}
