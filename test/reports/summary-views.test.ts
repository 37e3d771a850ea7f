/**
 * The estate summaries behind the HTML report's executive summary, unknown banner and findings groups:
 * "fix these first" ranks by what the fix adds to the overall score, unknown results are counted by
 * their real cause, results group by check, and a failure marks the evidence row it is about.
 */
import { describe, expect, it } from "vitest";
import { judge } from "../../src/cli/judge.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { checkCatalogue } from "../../src/reports/shared.ts";
import { findingGroups, fixFirst, implicated, unknownCause, unknownCauses } from "../../src/reports/summary-views.ts";
import { conf, goodEvidence, k, NOW, u } from "../support/evidence.ts";

function estate(configure: ((evidence: WorkspaceEvidence) => void)[]): ResultsDocument {
  const workspaces = configure.map((change, i) => {
    const evidence = goodEvidence();
    evidence.workspace = { ...evidence.workspace, name: `ws-${i}` };
    change(evidence);
    return evidence;
  });
  return JSON.parse(JSON.stringify(judge(workspaces, "high", NOW))) as ResultsDocument;
}

const publicAccess = (evidence: WorkspaceEvidence) => {
  evidence.azure.publicNetworkAccess = k("Enabled");
};

describe("summary views", () => {
  it("ranks the fix that adds most to the score first, counting every workspace it fails in", () => {
    // NET-06 (high) fails in all three workspaces; the web terminal setting only in one.
    const document = estate([
      publicAccess,
      publicAccess,
      (evidence) => {
        publicAccess(evidence);
        conf(evidence, "enableWebTerminal", "true");
      },
    ]);
    const items = fixFirst(document, checkCatalogue(document), NOW);
    expect(items[0]?.checkId).toBe("NET-06");
    expect(items[0]?.workspaces.map((w) => w.name)).toEqual(["ws-0", "ws-1", "ws-2"]);
    expect(items[0]!.scoreIfFixed!).toBeGreaterThan(items[0]!.scoreNow!);
    const gains = items.map((item) => item.scoreIfFixed! - item.scoreNow!);
    expect([...gains].sort((a, b) => b - a)).toEqual(gains);
    // Only failing checks are listed: NET-06 passing everywhere takes it off the list.
    const fixed = estate([() => {}, () => {}]);
    const ids = fixFirst(fixed, checkCatalogue(fixed), NOW).map((item) => item.checkId);
    expect(ids).not.toContain("NET-06");
    for (const id of ids)
      expect(fixed.workspaces.some((w) => w.results.some((r) => r.checkId === id && r.status === "fail"))).toBe(true);
  });

  it("counts unknown results by cause: refused, undecided setting, not asked for", () => {
    expect(unknownCause({ message: "x", evidence: [{ reason: "HTTP 403 PERMISSION_DENIED: no" }] as never })).toBe(
      "forbidden",
    );
    expect(
      unknownCause({
        message:
          "enableWebTerminal was read and never set, and its default is not documented: set it explicitly to decide",
        evidence: [],
      }),
    ).toBe("no-default");
    expect(
      unknownCause({
        message: "x",
        evidence: [{ reason: "Azure Resource Manager not read: give --subscription" }] as never,
      }),
    ).toBe("not-given");
    const document = estate([
      (evidence) => {
        evidence.azure.publicNetworkAccess = u();
      },
    ]);
    const causes = unknownCauses(document);
    const total = document.workspaces[0]!.results.filter((r) => r.status === "unknown").length;
    expect(total).toBeGreaterThan(0);
    expect(causes.reduce((sum, c) => sum + c.count, 0)).toBe(total);
    expect(causes.find((c) => c.cause === "forbidden")?.checks).toContain("NET-06");
  });

  it("groups results by check, worst first, with every workspace under its check", () => {
    const document = estate([publicAccess, () => {}]);
    const groups = findingGroups(document, NOW);
    expect(groups[0]?.worst).toBe("fail");
    const net06 = groups.find((g) => g.checkId === "NET-06")!;
    expect(net06.results.map((r) => [r.workspace.workspace.name, r.shown])).toEqual([
      ["ws-0", "fail"],
      ["ws-1", "pass"],
    ]);
    expect(net06.counts).toEqual({ fail: 1, pass: 1 });
    expect(new Set(groups.map((g) => g.checkId)).size).toBe(groups.length);
  });

  it("marks the evidence row a failure is about, and none for a pass", () => {
    const document = estate([publicAccess, () => {}]);
    const [failing, passing] = document.workspaces.map((w) => w.results.find((r) => r.checkId === "NET-06")!);
    const marks = implicated(failing!);
    const marked = failing!.evidence.filter((_, i) => marks[i]);
    expect(marked.map((e) => e.value)).toEqual(["Enabled"]);
    expect(implicated(passing!).some(Boolean)).toBe(false);
  });
});
