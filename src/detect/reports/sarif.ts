/**
 * Alerts as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers; the posture SARIF's conventions
 * (src/reports/sarif.ts: levels, GitHub's security-severity, pseudo-paths) so both read alike.
 *
 * - One rule per detection that ran, from its metadata: shortDescription = title, fullDescription =
 *   rationale, help (text and Markdown) = why it matters + the response guidance + threats, ASB controls
 *   and the effective thresholds; properties with severity, `security-severity` and tags.
 * - One result per alert (kind "fail", level from the alert's own severity), its message the alert's
 *   summary, properties with the facts and the evidence events.
 * - Location (GitHub needs one): a stable pseudo-path `azure-databricks/<workspace>/audit-log`, line 1, per
 *   workspace the evidence came from, plus logical locations for the workspace, principal and source IP.
 * - partialFingerprints are the alert id (stable for the same detection and grouping key), so GitHub keeps
 *   tracking an alert across runs; `automationDetails.id` is `lakeward-detect/<time>`, i.e. GitHub category
 *   `lakeward-detect`, apart from the posture results.
 * - Detections that could not run, and input problems, are tool execution notifications.
 */
import { createHash } from "node:crypto";
import type * as Sarif from "sarif";
import { THREATS } from "../../checks/types.ts";
import { SARIF_LEVEL as LEVEL } from "../../output/severity.ts";
import { fileUri, SARIF_SCHEMA_URI, sarifRule, slug } from "../../reports/sarif.ts";
import type { Alert, AlertsDocument } from "../alerts.ts";
import { alertWorkspace, type DetectionInfo, detectionCatalogue, thresholdText } from "./shared.ts";

/** Input problems listed as notifications; the rest are counted in one more. */
const MAX_NOTIFICATIONS = 200;

function ruleHelp(info: DetectionInfo): { text: string; markdown: string } {
  const mappings = [
    info.threats.length ? `Threats: ${info.threats.map((t) => `${t} (${THREATS[t]})`).join(", ")}` : null,
    info.controls.length ? `Azure Security Benchmark v2: ${info.controls.join(", ")}` : null,
    `Thresholds: ${thresholdText(info.thresholds)}`,
  ].filter((line): line is string => line !== null);
  const why = info.rationale ?? info.title;
  const response =
    info.response ??
    "This lakeward does not know this detection; see docs/detections.md of the version that wrote the alerts.";
  return {
    text: [`Why it matters: ${why}`, `Response: ${response}`, ...mappings].join("\n\n"),
    markdown: [
      `**Why it matters.** ${why}`,
      `**Response.** ${response}`,
      mappings.map((line) => `- ${line}`).join("\n"),
    ].join("\n\n"),
  };
}

function rule(info: DetectionInfo): Sarif.ReportingDescriptor {
  return sarifRule(info, ruleHelp(info), ["audit-log", "detection"], {
    precision: "medium",
    thresholds: info.thresholds,
  });
}

const hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** A UUID (version 5 layout) derived from the alert id: the same alert, the same correlationGuid. */
function stableGuid(id: string): string {
  const h = hex(`lakeward-alert\0${id}`);
  const variant = ((Number.parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The pseudo-path of a workspace's audit log: a URI reference of safe segments. */
export function alertUri(alert: Alert): string {
  const workspace = alertWorkspace(alert);
  const segment =
    workspace.id === null
      ? workspace.count === 0
        ? "unknown-workspace"
        : "multiple-workspaces"
      : workspace.id === "0"
        ? "account"
        : /^\d+$/.test(workspace.id)
          ? `workspace-${workspace.id}`
          : slug(workspace.label);
  return `azure-databricks/${segment}/audit-log`;
}

function locationOf(alert: Alert): Sarif.Location {
  const workspace = alertWorkspace(alert);
  const logical: Sarif.LogicalLocation[] = [
    workspace.id === null
      ? { name: workspace.label, kind: "resource" }
      : { name: workspace.label, fullyQualifiedName: workspace.id, kind: "resource" },
  ];
  if (alert.principal) logical.push({ name: alert.principal, kind: "principal" });
  if (alert.sourceIp) logical.push({ name: alert.sourceIp, kind: "ipAddress" });
  return {
    physicalLocation: {
      artifactLocation: {
        uri: alertUri(alert),
        description: { text: `Azure Databricks audit log of ${workspace.label}` },
      },
      region: { startLine: 1 },
    },
    logicalLocations: logical,
    message: { text: workspace.label },
  };
}

function result(alert: Alert, ruleIndex: number): Sarif.Result {
  const workspace = alertWorkspace(alert);
  return {
    ruleId: alert.detectionId,
    ruleIndex,
    kind: "fail",
    level: LEVEL[alert.severity],
    message: { text: `[${workspace.label}] ${alert.title}: ${alert.summary}` },
    locations: [locationOf(alert)],
    partialFingerprints: { primaryLocationLineHash: hex(alert.id).slice(0, 32), "lakewardAlert/v1": alert.id },
    correlationGuid: stableGuid(alert.id),
    properties: {
      alertId: alert.id,
      severity: alert.severity,
      workspace: workspace.label,
      workspaceId: workspace.id,
      principal: alert.principal,
      sourceIp: alert.sourceIp,
      firstSeen: alert.firstSeen,
      lastSeen: alert.lastSeen,
      eventCount: alert.eventCount,
      threats: alert.threats,
      controls: alert.controls,
      facts: alert.facts,
      events: alert.events,
    },
  };
}

export function buildAlertsSarif(document: AlertsDocument): Sarif.Log {
  const catalogue = [...detectionCatalogue(document).values()];
  const ruleIndex = new Map(catalogue.map((info, index) => [info.id, index]));
  const notifications: Sarif.Notification[] = document.detections
    .filter((run) => run.status === "failed")
    .map((run) => ({
      level: "error" as const,
      message: { text: `${run.id} could not run: ${run.error ?? "unknown error"}` },
      associatedRule: { id: run.id, ...(ruleIndex.has(run.id) ? { index: ruleIndex.get(run.id)! } : {}) },
    }));
  const problems = document.source.mode === "local" ? document.source.problems : [];
  for (const problem of problems.slice(0, MAX_NOTIFICATIONS)) {
    notifications.push({
      level: problem.level,
      message: { text: problem.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: fileUri(problem.file) },
            ...(problem.line ? { region: { startLine: problem.line } } : {}),
          },
        },
      ],
    });
  }
  if (problems.length > MAX_NOTIFICATIONS)
    notifications.push({
      level: "warning",
      message: { text: `${problems.length - MAX_NOTIFICATIONS} more input problems (see alerts.json)` },
    });
  const failed = document.detections.some((run) => run.status === "failed");
  const inputError = problems.some((problem) => problem.level === "error");
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "lakeward",
            fullName: `lakeward ${document.tool.version} detect: audit-log detections for Azure Databricks`,
            version: document.tool.version,
            semanticVersion: document.tool.version,
            rules: catalogue.map(rule),
          },
        },
        automationDetails: { id: `lakeward-detect/${document.generatedAt}` },
        invocations: [
          {
            executionSuccessful: !failed && !inputError,
            endTimeUtc: document.generatedAt,
            toolExecutionNotifications: notifications,
          },
        ],
        columnKind: "utf16CodeUnits",
        results: document.alerts.map((alert) => result(alert, ruleIndex.get(alert.detectionId) ?? -1)),
        properties: {
          source:
            document.source.mode === "local" ? { ...document.source, problems: problems.length } : document.source,
          window: document.window,
          counts: document.counts,
          detections: document.detections,
        },
      },
    ],
  };
}

export function renderAlertsSarif(document: AlertsDocument): string {
  return `${JSON.stringify(buildAlertsSarif(document), null, 2)}\n`;
}
