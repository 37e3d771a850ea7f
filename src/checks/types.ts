/**
 * What a check is. Like a typescript-eslint rule (meta + create) or a Prowler check (metadata document +
 * execute), a check is one file: its metadata, from which docs and report text are generated, and a pure
 * `evaluate` that turns evidence into a verdict. A check never calls the network.
 */
import type { GuideSectionTitle } from "../catalogue/guide.ts";
import type { Fact, SourceLocation } from "../evidence/fact.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import type { FixSpec } from "./fix-types.ts";

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const STATUSES = ["pass", "fail", "unknown", "not_applicable", "manual"] as const;
export type Status = (typeof STATUSES)[number];

export const PROFILES = ["standard", "high"] as const;
export type Profile = (typeof PROFILES)[number];

/** The guide's five threats (seeds/000, section 4). */
export const THREATS = {
  AT: "Account takeover or compromise",
  EX: "Data exfiltration",
  IN: "Accidental insider exposure",
  RA: "Resource abuse (e.g. crypto mining)",
  PC: "Compromise of Microsoft or Databricks (provider compromise)",
} as const;
export type Threat = keyof typeof THREATS;

export const CATEGORIES = {
  network: "Network",
  identity: "Identity and access",
  data: "Data protection",
  governance: "Governance and operations",
  inventory: "Inventory",
  combined: "Combined findings",
  manual: "Process (attested)",
} as const;
export type Category = keyof typeof CATEGORIES;

export type EvidenceSourceKind =
  | "workspace-api"
  | "account-api"
  | "arm"
  | "graph"
  | "iac"
  | "audit-logs"
  | "attestation";

export interface Threshold {
  default: number;
  description: string;
  unit: string;
}

/** A configurable list, e.g. the tags every cluster must carry. */
export interface ListParameter {
  default: readonly string[];
  description: string;
}

export interface CheckMeta {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  profile: Profile;
  threats: readonly Threat[];
  /** Azure Security Benchmark v2 control ids, e.g. "NS-1". */
  controls: readonly string[];
  /** Microsoft cloud security benchmark v1 control ids (src/catalogue/mcsb.ts), e.g. "NS-2". */
  mcsb: readonly string[];
  /** CIS Microsoft Azure Foundations Benchmark v5 §2.1 items this check evidences. */
  cis?: readonly string[];
  /** Databricks SAT check ids this check covers. */
  sat?: readonly string[];
  /**
   * The sections of the best-practices guide's configuration reference this check implements (empty for
   * a prerequisite such as the Premium tier that the guide assumes throughout).
   */
  guide: readonly GuideSectionTitle[];
  sources: readonly EvidenceSourceKind[];
  /** Why it matters, in two or three sentences. */
  rationale: string;
  remediation: {
    /** Steps in the Azure portal or the Databricks UI. */
    ui: string;
    /** A Terraform snippet (azurerm / databricks providers) that fixes it. */
    terraform: string;
    /**
     * The same fix as data, for `lakeward fix` (src/fix): the settings and resources it changes, with values
     * from the evidence. Absent when the fix is not a Terraform change (the ui steps go to the README).
     */
    fix?: FixSpec;
  };
  thresholds?: Record<string, Threshold>;
  lists?: Record<string, ListParameter>;
  /**
   * A combined finding (category `combined`): the ids of the checks whose failures, holding together, make
   * it. It fails only when every part fails; see `Check.parts` and docs/scoring.md.
   */
  combines?: readonly string[];
}

/** The evidence a result used: the fact's label, where it came from, and its value (or why unknown). */
export interface EvidenceUse {
  label: string;
  source: string;
  value?: unknown;
  reason?: string;
  note?: string;
  /** Where an IaC fact is declared (file and line); absent for live evidence. */
  location?: SourceLocation;
  /** Why the value may be incomplete (see KnownFact.partial). */
  partial?: string;
}

export interface Verdict {
  status: Status;
  message: string;
  /** The offending (or, for pass, the examined) resources, each named. */
  resources?: string[];
  /** Permission paths the verdict names (IAM-20…22): what the report's path graph draws. */
  paths?: ResultPaths;
}

/** A node of a permission path as results carry it: src/graph/model.ts NodeView without graph ids. */
export interface ResultPathNode {
  kind: string;
  label: string;
}

/** One step of a path: src/graph/queries.ts PathStep, its ends as ResultPathNode. */
export interface ResultPathStep {
  from: ResultPathNode;
  to: ResultPathNode;
  kind: string;
  detail: string;
}

/** src/graph/queries.ts Path, serialisable; `kind` is its PathKind (direct, nested-group, azure-role, run-as). */
export interface ResultPath {
  principal: ResultPathNode;
  kind: string;
  steps: ResultPathStep[];
  /** The principal's other routes to the same target, shortest first (absent: none, or none spelt out). */
  otherRoutes?: { kind: string; steps: ResultPathStep[] }[];
  /** Which bound cut further routes off (absent: nothing was cut off). */
  routesCutOff?: string;
}

/** The first paths of a finding (at most RESULT_PATH_LIMIT) and how many there were in all. */
export interface ResultPaths {
  total: number;
  items: ResultPath[];
}

export interface EvaluationContext {
  thresholds: Record<string, number>;
  /** Configured lists (meta.lists), defaults applied. */
  lists: Record<string, readonly string[]>;
  /** Now, for age computations; fixed by the caller so evaluation stays pure. */
  now: Date;
  /**
   * Reads a fact: returns its value and records it as evidence used. An unknown fact stops the
   * evaluation; the engine turns it into an `unknown` result carrying the reason.
   */
  get<T>(label: string, fact: Fact<T>): T;
  /** Records a fact as used without requiring it to be known; returns it for inspection. */
  peek<T>(label: string, fact: Fact<T>): Fact<T>;
}

export interface Check {
  meta: CheckMeta;
  evaluate(evidence: WorkspaceEvidence, context: EvaluationContext): Verdict;
  /**
   * For a combined finding: the checks it combines, each evaluated by the engine as on its own (its
   * thresholds, lists, partial-evidence rule), then combined — never `evaluate`.
   */
  parts?: readonly Check[];
}
