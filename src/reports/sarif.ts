/**
 * SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
 *
 * - One rule per check that ran, from its metadata: shortDescription = title, fullDescription =
 *   rationale, help (text and Markdown) with the portal/UI fix and the Terraform fix, and properties with
 *   the severity, GitHub's `security-severity`, and tags for category, threats, ASB controls and CIS items.
 * - Results: failures (kind "fail", level from severity), unknown results (kind "review": the evidence
 *   could not be read, so the check is neither passed nor failed) and manual checks without an
 *   attestation (kind "review"). Passing and not-applicable results are counted in the run's properties
 *   but not listed: GitHub would turn every result into an alert.
 * - Every result has a location, as GitHub requires: the IaC file and line when the result carries
 *   `locations`; otherwise a stable pseudo-path `azure-databricks/<workspace>` (line 1) plus a logical
 *   location naming the workspace's resource id or host.
 * - A suppressed failure carries a SARIF `suppressions` entry (kind "external", with the reason).
 */
import { createHash } from "node:crypto";
import type * as Sarif from "sarif";
import { CATEGORIES, type Severity, THREATS } from "../checks/types.ts";
import { SARIF_LEVEL as LEVEL, SARIF_SECURITY_SEVERITY as SECURITY_SEVERITY } from "../output/severity.ts";
import type { ResultsDocument } from "./results-document.ts";
import {
  type CheckInfo,
  checkCatalogue,
  documentProblems,
  documentTime,
  isSuppressed,
  type ResultEntry,
  type WorkspaceReport,
} from "./shared.ts";

export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

function ruleHelp(check: CheckInfo): { text: string; markdown: string } {
  const why = check.rationale ?? check.title;
  const mappings = [
    check.threats.length ? `Threats: ${check.threats.map((t) => `${t} (${THREATS[t]})`).join(", ")}` : null,
    check.controls.length ? `Azure Security Benchmark v2: ${check.controls.join(", ")}` : null,
    check.cis.length ? `CIS Azure Foundations §2.1: ${check.cis.join(", ")}` : null,
  ].filter((line): line is string => line !== null);
  if (!check.remediation) {
    const note =
      "This lakeward does not know this check; run `lakeward checks explain` with the version that wrote the results.";
    return {
      text: [why, ...mappings, note].join("\n\n"),
      markdown: [why, mappings.map((m) => `- ${m}`).join("\n"), note].filter(Boolean).join("\n\n"),
    };
  }
  const { ui, terraform } = check.remediation;
  return {
    text: [
      `Why it matters: ${why}`,
      `Fix in the portal or the Databricks UI: ${ui}`,
      `Fix in Terraform:\n${terraform}`,
      ...mappings,
    ].join("\n\n"),
    markdown: [
      `**Why it matters.** ${why}`,
      `**Fix in the portal or the Databricks UI.** ${ui}`,
      `**Fix in Terraform.**\n\n\`\`\`hcl\n${terraform}\n\`\`\``,
      mappings.map((m) => `- ${m}`).join("\n"),
    ]
      .filter(Boolean)
      .join("\n\n"),
  };
}

/** What a SARIF rule needs from a check's or a detection's metadata. */
export interface RuleSource {
  id: string;
  title: string;
  rationale?: string | null | undefined;
  severity: Severity;
  threats: readonly string[];
  controls: readonly string[];
}

/**
 * A reportingDescriptor as GitHub code scanning reads it: the id, a name without punctuation, the
 * severity as level and `security-severity`, and tags (threats, ASB controls, plus the caller's own).
 */
export function sarifRule(
  source: RuleSource,
  help: Sarif.MultiformatMessageString,
  tags: readonly string[],
  properties: Record<string, unknown>,
): Sarif.ReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[source.severity];
  return {
    id: source.id,
    name: source.id.replace(/[^A-Za-z0-9]/g, ""),
    shortDescription: { text: source.title },
    fullDescription: { text: source.rationale ?? source.title },
    help,
    defaultConfiguration: { level: LEVEL[source.severity] },
    properties: {
      tags: [
        "security",
        "azure-databricks",
        ...tags,
        ...source.threats.map((t) => `threat/${t}`),
        ...source.controls.map((c) => `asb/${c}`),
      ],
      ...(securitySeverity ? { "security-severity": securitySeverity } : {}),
      severity: source.severity,
      threats: source.threats,
      controls: source.controls,
      ...properties,
    },
  };
}

function rule(check: CheckInfo): Sarif.ReportingDescriptor {
  return sarifRule(check, ruleHelp(check), [CATEGORIES[check.category], ...check.cis.map((c) => `cis/${c}`)], {
    precision: "high",
    profile: check.profile,
    category: check.category,
    cis: check.cis,
    sat: check.sat,
    guide: check.guide,
  });
}

/** A path segment safe in a URI reference: letters, digits, dot, dash and underscore. */
export function slug(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "");
  return cleaned || "workspace";
}

/** A repository-relative file path as a URI reference (forward slashes, each segment percent-encoded). */
export function fileUri(file: string): string {
  return file
    .replace(/\\/g, "/")
    .replace(/^\.\//, "")
    .split("/")
    .map((segment) => encodeURIComponent(segment))
    .join("/");
}

function workspaceKey(workspace: WorkspaceReport): string {
  const id = workspace.workspace;
  return (id.resourceId ?? id.host ?? id.name).toLowerCase();
}

function locationsFor(result: ResultEntry, workspace: WorkspaceReport): Sarif.Location[] {
  const identity = workspace.workspace;
  const logical: Sarif.LogicalLocation = {
    name: identity.name,
    fullyQualifiedName: identity.resourceId ?? identity.host ?? identity.name,
    kind: "resource",
  };
  if (result.locations?.length) {
    return result.locations.map((location) => ({
      physicalLocation: { artifactLocation: { uri: fileUri(location.file) }, region: { startLine: location.line } },
      logicalLocations: [logical],
    }));
  }
  return [
    {
      physicalLocation: {
        artifactLocation: {
          uri: `azure-databricks/${slug(identity.name)}`,
          description: {
            text: `Azure Databricks workspace ${identity.name}${identity.host ? ` (${identity.host})` : ""}, read live`,
          },
        },
        region: { startLine: 1 },
      },
      logicalLocations: [logical],
      message: { text: `workspace ${identity.name}` },
    },
  ];
}

function messageFor(result: ResultEntry, workspace: WorkspaceReport): string {
  const where = `[${workspace.workspace.name}]`;
  if (result.status === "unknown")
    return `${where} ${result.checkId} could not be verified (unknown, not a pass): ${result.message}`;
  if (result.status === "manual")
    return `${where} ${result.checkId} is a manual check without an attestation: ${result.message}`;
  return `${where} ${result.title}: ${result.message}`;
}

function sarifResult(
  result: ResultEntry,
  workspace: WorkspaceReport,
  ruleIndex: number,
  at: Date,
): Sarif.Result | undefined {
  const reported =
    result.status === "fail" || result.status === "unknown" || (result.status === "manual" && !result.attestation);
  if (!reported) return undefined;
  const kind: Sarif.Result.kind = result.status === "fail" ? "fail" : "review";
  const identity = `${result.checkId}|${workspaceKey(workspace)}`;
  const hash = createHash("sha256").update(identity).digest("hex").slice(0, 32);
  const suppressed = result.status === "fail" && isSuppressed(result, at);
  return {
    ruleId: result.checkId,
    ruleIndex,
    kind,
    // SARIF: a result whose kind is not "fail" has level "none"; the rule's security-severity still
    // ranks it in GitHub, and the message says it is unknown.
    level: kind === "fail" ? LEVEL[result.severity] : "none",
    message: { text: messageFor(result, workspace) },
    locations: locationsFor(result, workspace),
    partialFingerprints: { primaryLocationLineHash: hash, "lakewardFinding/v1": hash },
    ...(suppressed && result.suppression
      ? {
          suppressions: [
            {
              kind: "external" as const,
              justification: result.suppression.reason,
              properties: { expires: result.suppression.expires, scope: result.suppression.scope },
            },
          ],
        }
      : {}),
    properties: {
      status: result.status,
      severity: result.severity,
      workspace: workspace.workspace.name,
      ...(workspace.workspace.host ? { host: workspace.workspace.host } : {}),
      ...(workspace.workspace.resourceId ? { resourceId: workspace.workspace.resourceId } : {}),
      resources: result.resources,
      evidence: result.evidence.map((e) => ({
        label: e.label,
        source: e.source,
        ...(e.reason !== undefined ? { reason: e.reason } : { value: e.value ?? null }),
        ...(e.note ? { note: e.note } : {}),
        ...(e.partial ? { partial: e.partial } : {}),
      })),
    },
  };
}

export function buildSarif(document: ResultsDocument): Sarif.Log {
  const at = documentTime(document);
  const catalogue = checkCatalogue(document);
  const checks = [...catalogue.values()];
  const ruleIndex = new Map(checks.map((check, index) => [check.id, index]));
  const results: Sarif.Result[] = [];
  for (const workspace of document.workspaces) {
    for (const result of workspace.results) {
      const entry = sarifResult(result, workspace, ruleIndex.get(result.checkId) ?? -1, at);
      if (entry) results.push(entry);
    }
  }
  const problems = documentProblems(document);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lakeward",
            fullName: `lakeward ${document.tool.version}: security posture for Azure Databricks`,
            version: document.tool.version,
            semanticVersion: document.tool.version,
            rules: checks.map(rule),
          },
        },
        automationDetails: { id: `lakeward/${document.profile}/${document.generatedAt}` },
        invocations: [
          {
            executionSuccessful: !problems.some((problem) => problem.fatal),
            endTimeUtc: document.generatedAt,
            toolExecutionNotifications: problems.map((problem) => ({
              level: problem.fatal ? "error" : "warning",
              message: { text: `${problem.workspace}: ${problem.source}: ${problem.message}` },
            })),
          },
        ],
        columnKind: "utf16CodeUnits",
        results,
        properties: {
          profile: document.profile,
          summary: document.summary,
          workspaces: document.workspaces.map((workspace) => ({
            name: workspace.workspace.name,
            host: workspace.workspace.host ?? null,
            resourceId: workspace.workspace.resourceId ?? null,
            score: workspace.score,
            counts: workspace.counts,
          })),
        },
      },
    ],
  };
}

export function renderSarif(document: ResultsDocument): string {
  return `${JSON.stringify(buildSarif(document), null, 2)}\n`;
}
