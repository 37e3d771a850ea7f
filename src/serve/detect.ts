/**
 * From one detect run's alerts document to the store's RunRecord: the new alerts (detection_alerts; each
 * one not stored before becomes a detection_alert event in record.ts), the run's status and problems, and
 * the source's new watermark, so the alerts and the mark are written in one transaction.
 */
import type { AlertsDocument } from "../detect/alerts.ts";
import type { Watermark } from "../detect/state.ts";
import type { RunRecord } from "../store/record.ts";
import type { RunRow } from "../store/schema.ts";

/** Problems listed per run at most (a log folder with thousands of bad lines says so in its count). */
const MAX_PROBLEMS = 20;

export function detectRecord(
  run: Pick<RunRow, "id" | "target">,
  owner: string,
  started: Date,
  document: AlertsDocument,
  mark: { sourceId: string; mark: Watermark } | undefined,
): RunRecord {
  const finishedAt = document.generatedAt;
  const failed = document.detections.filter((d) => d.status === "failed");
  const problems: RunRecord["problems"] = failed.map((d) => ({
    source: d.id,
    message: `the detection could not run: ${d.error ?? "unknown error"}`,
    fatal: true,
  }));
  if (document.source.mode === "local") {
    const errors = document.source.problems.filter((p) => p.level === "error");
    for (const problem of errors.slice(0, MAX_PROBLEMS))
      problems.push({
        source: problem.file,
        message: problem.line ? `line ${problem.line}: ${problem.message}` : problem.message,
      });
    if (errors.length > MAX_PROBLEMS)
      problems.push({ source: "logs", message: `${errors.length - MAX_PROBLEMS} more unreadable input(s)` });
  }
  const ran = document.detections.length - failed.length;
  const status: RunRecord["status"] = ran === 0 ? "failed" : failed.length || problems.length ? "partial" : "succeeded";
  return {
    runId: run.id,
    owner,
    target: run.target,
    kind: "detect",
    startedAt: started.toISOString(),
    finishedAt,
    status,
    problems,
    workspaces: [],
    // A detect run discovers no workspace: it never marks one gone.
    discoveryComplete: false,
    policy: {},
    summary: {
      source: document.source.mode,
      ...(document.source.mode === "local"
        ? { files: document.source.files, events: document.source.events, badLines: document.source.badLines }
        : { warehouseId: document.source.warehouseId }),
      detections: document.detections.length,
      failedDetections: failed.length,
      newAlerts: document.alerts.length,
      alreadyRaised: document.incremental?.alreadyRaised ?? 0,
      ...(document.incremental?.newEvents !== undefined ? { newEvents: document.incremental.newEvents } : {}),
      counts: document.counts,
    },
    detections: {
      alerts: document.alerts.map((alert) => ({
        id: alert.id,
        detectionId: alert.detectionId,
        severity: alert.severity,
        firstSeen: alert.firstSeen || finishedAt,
        lastSeen: alert.lastSeen || alert.firstSeen || finishedAt,
        eventCount: alert.eventCount,
        workspace: alert.events.find((e) => e.workspace)?.workspace ?? null,
        payload: alert as unknown as Record<string, unknown>,
      })),
      ...(mark ? { watermark: mark } : {}),
    },
  };
}
