import { describe, expect, it } from "vitest";
import type { Alert } from "../detect/alerts.ts";
import { alertDedupeKey, alertEventSchema, atLeast, eventFromDetectionAlert } from "./model.ts";

const alert: Alert = {
  id: "DET-07-0123456789ab",
  detectionId: "DET-07",
  title: "Admin rights granted",
  severity: "high",
  threats: [],
  controls: [],
  summary: "alice@example.com was added to the admins group",
  principal: "mallory@example.com",
  sourceIp: "203.0.113.9",
  firstSeen: "2026-12-01T09:58:00Z",
  lastSeen: "2026-12-01T09:59:00Z",
  eventCount: 2,
  facts: {},
  events: [],
};

describe("alert model", () => {
  it("builds a valid event from a detection alert, keyed on the alert and its first event", () => {
    const ws = { id: "ws-1", name: "prod", tags: { env: "prod" } };
    const event = eventFromDetectionAlert(alert, ws, "http://127.0.0.1:8080/alerts/DET-07-0123456789ab");
    expect(alertEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      kind: "detection_alert",
      severity: "high",
      detectionId: "DET-07",
      drift: { actor: "mallory@example.com", sourceIp: "203.0.113.9" },
    });
    expect(event.message).toContain("2 events");
    const later = eventFromDetectionAlert({ ...alert, firstSeen: "2026-12-02T09:00:00Z" }, ws);
    expect(later.dedupeKey).not.toBe(event.dedupeKey);
    expect(eventFromDetectionAlert({ ...alert, lastSeen: "2026-12-01T10:30:00Z" }, ws).dedupeKey).toBe(event.dedupeKey);
  });

  it("separates the parts of a dedupe key so distinct transitions never collide", () => {
    const key = (transition: string) =>
      alertDedupeKey({ kind: "new_failure", workspaceId: "ws", subject: "NET-03", resourceId: "r", transition });
    expect(key("run-1")).not.toBe(key("run-2"));
    expect(alertDedupeKey({ kind: "resolved", workspaceId: null, subject: "NET-03", transition: "run-1" })).toBe(
      "resolved|-|NET-03|-|run-1",
    );
  });

  it("orders severities", () => {
    expect(atLeast("critical", "high")).toBe(true);
    expect(atLeast("medium", "high")).toBe(false);
    expect(atLeast("info", "info")).toBe(true);
  });
});
