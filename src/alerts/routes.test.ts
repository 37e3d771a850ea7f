import { describe, expect, it } from "vitest";
import { sampleEvent } from "../../test/support/delivery-log-contract.ts";
import { alertsConfigSchema } from "./config.ts";
import type { AlertEvent } from "./model.ts";
import { routeMatches, targetsFor } from "./routes.ts";

const config = (routes: unknown[]) =>
  alertsConfigSchema.parse({
    channels: {
      a: { type: "slack", urlEnv: "A" },
      b: { type: "slack", urlEnv: "B" },
    },
    routes,
  });

const route = (when: object) => config([{ when, channels: ["a"] }]).routes[0]!;

const { finding: _finding, ...base } = sampleEvent();
const detection: AlertEvent = {
  ...base,
  kind: "detection_alert",
  severity: "medium",
  detection: {
    id: "DET-07-0123456789ab",
    detectionId: "DET-07",
    title: "Admin rights granted",
    severity: "medium",
    threats: [],
    controls: [],
    summary: "s",
    principal: null,
    sourceIp: null,
    firstSeen: "2026-12-01T09:00:00Z",
    lastSeen: "2026-12-01T09:00:00Z",
    eventCount: 1,
    facts: {},
    events: [],
  },
};

describe("route conditions", () => {
  it.each([
    [{}, sampleEvent(), true],
    [{ kinds: ["new_failure"] }, sampleEvent(), true],
    [{ kinds: ["resolved", "reopened"] }, sampleEvent(), false],
    [{ minSeverity: "high" }, sampleEvent(), true],
    [{ minSeverity: "critical" }, sampleEvent(), false],
    [{ ids: ["NET-*"] }, sampleEvent(), true],
    [{ ids: ["IAM-*"] }, sampleEvent(), false],
    [{ ids: ["DET-07"] }, detection, true],
    [{ ids: ["NET-03"] }, detection, false],
    [{ ids: ["NET-03"] }, { ...base, kind: "run_failed" }, false],
    [{ workspaces: ["PROD"] }, sampleEvent(), true],
    [{ workspaces: ["dev-*"] }, sampleEvent(), false],
    [{ workspaces: ["prod"] }, { ...sampleEvent(), workspace: null }, false],
    [{ tags: { Env: "prod" } }, sampleEvent(), true],
    [{ tags: { env: ["staging", "prod"] } }, sampleEvent(), true],
    [{ tags: { env: "Prod" } }, sampleEvent(), false],
    [{ tags: { env: "prod", owner: "x" } }, sampleEvent(), false],
    [
      { kinds: ["new_failure"], minSeverity: "medium", ids: ["NET-03"], workspaces: ["prod"], tags: { env: "prod" } },
      sampleEvent(),
      true,
    ],
  ] as const)("when %j → %s", (when, event, expected) => {
    expect(routeMatches(route(when), event as AlertEvent)).toBe(expected);
  });
});

describe("targets", () => {
  it("sends to each channel once: immediate wins over a digest, the first digest wins over a later one", () => {
    const cfg = config([
      { name: "daily", channels: ["a", "b"], digest: { schedule: "0 8 * * *" } },
      { name: "weekly", channels: ["b"], digest: { schedule: "0 8 * * 1" } },
      { name: "now", when: { minSeverity: "high" }, channels: ["a"] },
    ]);
    expect(targetsFor(cfg, sampleEvent())).toEqual([
      { channel: "a", digest: null, route: "now" },
      { channel: "b", digest: "0 8 * * *@UTC", route: "daily" },
    ]);
    expect(targetsFor(cfg, sampleEvent({ severity: "low" }))).toEqual([
      { channel: "a", digest: "0 8 * * *@UTC", route: "daily" },
      { channel: "b", digest: "0 8 * * *@UTC", route: "daily" },
    ]);
    expect(targetsFor(config([{ when: { kinds: ["resolved"] }, channels: ["a"] }]), sampleEvent())).toEqual([]);
  });
});
