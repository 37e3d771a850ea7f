import { describe, expect, it } from "vitest";
import { accept, advance, type Finding, type Observation, type ObservedResult } from "./lifecycle.ts";

const WS = "rid:/subscriptions/s/resourcegroups/rg/providers/microsoft.databricks/workspaces/w";
const T = (day: number) => new Date(Date.UTC(2026, 10, 1 + day)).toISOString();

function result(status: ObservedResult["status"], resources: string[] = [], extra: Partial<ObservedResult> = {}) {
  return {
    checkId: "NET-03",
    title: "IP access lists",
    severity: "high" as const,
    status,
    message: `NET-03 is ${status}`,
    resources,
    threats: ["AT"],
    controls: ["NS-2"],
    ...extra,
  };
}

const obs = (day: number, results: ObservedResult[], unreadable = false): Observation => ({
  workspaceKey: WS,
  at: T(day),
  unreadable,
  results,
});

/** Runs the observations in order; returns the findings after each and every transition. */
function play(observations: Observation[], policy = {}) {
  let findings: Finding[] = [];
  const all = [];
  for (const o of observations) {
    const next = advance(findings, o, policy);
    findings = next.findings;
    all.push(...next.transitions.map((t) => ({ day: o.at, from: t.from, to: t.to, event: t.event })));
  }
  return { findings, transitions: all };
}

describe("finding lifecycle", () => {
  it("a new failure opens a finding with first seen, and a pass fixes it with its time to fix", () => {
    const { findings, transitions } = play([
      obs(0, [result("pass")]),
      obs(1, [result("fail")]),
      obs(4, [result("pass")]),
    ]);
    expect(transitions).toEqual([
      { day: T(1), from: null, to: "open", event: "new_failure" },
      { day: T(4), from: "open", to: "fixed", event: "resolved" },
    ]);
    expect(findings[0]).toMatchObject({ firstSeenAt: T(1), fixedAt: T(4), timeToFixSeconds: 3 * 86_400, resource: "" });
  });

  it("a fixed finding that fails again is reopened, counted, and its time to fix restarts", () => {
    const { findings, transitions } = play([
      obs(0, [result("fail")]),
      obs(1, [result("pass")]),
      obs(2, [result("fail")]),
      obs(5, [result("pass")]),
    ]);
    expect(transitions.map((t) => t.event)).toEqual(["new_failure", "resolved", "reopened", "resolved"]);
    expect(findings[0]).toMatchObject({
      reopenCount: 1,
      reopenedAt: T(2),
      firstSeenAt: T(0),
      timeToFixSeconds: 3 * 86_400,
    });
  });

  it("unreadable evidence makes an open finding unknown, never fixed; reading it again reopens nothing", () => {
    const { findings, transitions } = play([
      obs(0, [result("fail")]),
      obs(1, [result("unknown")]),
      obs(2, [], true),
      obs(3, [result("fail")]),
    ]);
    expect(transitions).toEqual([
      { day: T(0), from: null, to: "open", event: "new_failure" },
      { day: T(1), from: "open", to: "unknown", event: "evidence_unreadable" },
      { day: T(3), from: "unknown", to: "open", event: null },
    ]);
    expect(findings[0]?.fixedAt).toBeNull();
    expect(findings[0]?.reopenCount).toBe(0);
  });

  it("one finding per failing resource; a resource that stops failing is fixed while the others stay open", () => {
    const { findings, transitions } = play([obs(0, [result("fail", ["a", "b"])]), obs(1, [result("fail", ["b"])])]);
    expect(findings.map((f) => [f.resource, f.state])).toEqual([
      ["a", "fixed"],
      ["b", "open"],
    ]);
    expect(transitions.filter((t) => t.event === "new_failure")).toHaveLength(2);
  });

  it("an SLA sets the due date; past it the finding is overdue (once)", () => {
    const { findings, transitions } = play(
      [obs(0, [result("fail")]), obs(2, [result("fail")]), obs(8, [result("fail")]), obs(9, [result("fail")])],
      { slaDays: { high: 7 } },
    );
    expect(findings[0]).toMatchObject({ state: "overdue", dueAt: T(7) });
    expect(transitions.map((t) => t.event)).toEqual(["new_failure", "overdue"]);
  });

  it("a config suppression keeps the finding suppressed with its expiry; when it lapses it is a new failure", () => {
    const suppression = { reason: "migration in progress", expires: T(3).slice(0, 10), scope: "*" };
    const { findings, transitions } = play([
      obs(0, [result("fail", [], { suppression })]),
      obs(5, [result("fail", [], { suppression })]),
    ]);
    expect(transitions).toEqual([
      { day: T(0), from: null, to: "suppressed", event: null },
      { day: T(5), from: "suppressed", to: "open", event: "new_failure" },
    ]);
    expect(findings[0]?.suppression?.expires).toBe(T(3).slice(0, 10));
  });

  it("a waiver accepts the finding until it expires, then it reopens by itself", () => {
    let { findings } = advance([], obs(0, [result("fail")]));
    const waived = accept(findings[0]!, {
      owner: "sec-team",
      reason: "compensating control",
      expires: T(3),
      by: "admin",
      at: T(1),
    });
    expect(waived.finding.state).toBe("accepted");
    findings = advance([waived.finding], obs(2, [result("fail")])).findings;
    expect(findings[0]?.state).toBe("accepted");
    const lapsed = advance(findings, obs(4, [result("fail")]));
    expect(lapsed.findings[0]).toMatchObject({ state: "open", acceptance: null });
    expect(lapsed.transitions[0]).toMatchObject({
      from: "accepted",
      to: "open",
      event: "reopened",
      note: "the waiver expired",
    });
  });

  it("a waiver cannot be applied to a fixed finding, nor with an expiry in the past", () => {
    const { findings } = play([obs(0, [result("fail")]), obs(1, [result("pass")])]);
    expect(accept(findings[0]!, { owner: "o", reason: "r", expires: T(9), by: "a", at: T(2) }).transition).toBeNull();
    const open = advance([], obs(0, [result("fail")])).findings[0]!;
    expect(accept(open, { owner: "o", reason: "r", expires: T(0), by: "a", at: T(2) }).transition).toBeNull();
  });

  it("a check that did not run (another profile) or is manual changes nothing", () => {
    const first = advance([], obs(0, [result("fail")])).findings;
    expect(advance(first, obs(1, [])).transitions).toEqual([]);
    expect(advance(first, obs(1, [result("manual")])).findings[0]?.state).toBe("open");
  });

  it("not applicable resolves a failure", () => {
    const { transitions } = play([obs(0, [result("fail")]), obs(1, [result("not_applicable")])]);
    expect(transitions.at(-1)).toMatchObject({ to: "fixed", event: "resolved" });
  });
});
