/**
 * The JSON results document written in pieces (result by result, joined to about 16 K characters, for large
 * IaC scans) is byte for byte what one JSON.stringify of the whole document writes: hostile text with
 * newlines and quotes, a document with run problems and notJudged entries after the workspaces, a workspace
 * without results, and one without workspaces; a workspace of many results comes in several small pieces.
 */
import { describe, expect, it } from "vitest";
import { renderJson, renderJsonChunks } from "../../src/reports/results-document.ts";
import { sampleDocument, withSuppressionAndLocations } from "./fixtures.ts";

const whole = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

describe("renderJsonChunks", () => {
  it("joins to exactly the document's JSON", () => {
    const document = withSuppressionAndLocations(sampleDocument());
    document.workspaces[0]!.results[0]!.message = 'line one\nline two "quoted"\n  "workspaces": []';
    const withTail = {
      ...document,
      problems: [{ source: "arm", message: "a subscription could not be listed" }],
      notJudged: [{ checkId: "IAM-01", title: "t", severity: "high" as const, reason: "r", workspaces: ["a", "b"] }],
    };
    for (const doc of [document, withTail]) {
      const pieces = [...renderJsonChunks(doc)];
      expect(pieces.join("")).toBe(whole(doc));
      expect(renderJson(doc)).toBe(whole(doc));
      expect(JSON.parse(pieces.join(""))).toEqual(JSON.parse(whole(doc)));
    }
  });

  it("splits a large workspace into small pieces, never one string of it", () => {
    const document = withSuppressionAndLocations(sampleDocument());
    const workspace = document.workspaces[0]!;
    // 2,000 results with a two-byte character ("—"), as IaC messages have: about 1 MB of JSON in one workspace.
    const results = Array.from({ length: 2000 }, (_, i) => ({
      ...workspace.results[i % workspace.results.length]!,
      message: `result ${i} — "quoted"\nsecond line`,
    }));
    const big = {
      ...document,
      workspaces: [
        { ...workspace, results },
        { ...workspace, results: [] },
      ],
    };
    const pieces = [...renderJsonChunks(big)];
    expect(pieces.join("")).toBe(whole(big));
    expect(pieces.length).toBeGreaterThan(20);
    // Each piece is the 16 K threshold plus at most one result or workspace head (a few K here), far below the
    // 1 MB workspace; the last one also holds the envelope's tail (the checks that ran), once per document.
    expect(Math.max(...pieces.slice(0, -1).map((p) => p.length))).toBeLessThan(32 * 1024);
  });

  it("writes a document without workspaces whole", () => {
    const document = { ...sampleDocument(), workspaces: [] };
    expect([...renderJsonChunks(document)].join("")).toBe(whole(document));
  });
});
