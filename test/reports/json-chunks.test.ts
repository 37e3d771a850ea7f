/**
 * The JSON results document written in pieces (one per workspace, for large IaC scans) is byte for byte
 * what one JSON.stringify of the whole document writes: hostile text with newlines and quotes, a document
 * with run problems and notJudged entries after the workspaces, and one without workspaces.
 */
import { describe, expect, it } from "vitest";
import { renderJson, renderJsonChunks } from "../../src/reports/results-document.ts";
import { sampleDocument, withSuppressionAndLocations } from "./fixtures.ts";

const whole = (document: unknown) => `${JSON.stringify(document, null, 2)}\n`;

describe("renderJsonChunks", () => {
  it("joins to exactly the document's JSON, one piece per workspace plus the envelope", () => {
    const document = withSuppressionAndLocations(sampleDocument());
    document.workspaces[0]!.results[0]!.message = 'line one\nline two "quoted"\n  "workspaces": []';
    const withTail = {
      ...document,
      problems: [{ source: "arm", message: "a subscription could not be listed" }],
      notJudged: [{ checkId: "IAM-01", title: "t", severity: "high" as const, reason: "r", workspaces: ["a", "b"] }],
    };
    for (const doc of [document, withTail]) {
      const pieces = [...renderJsonChunks(doc)];
      expect(pieces).toHaveLength(doc.workspaces.length + 2);
      expect(pieces.join("")).toBe(whole(doc));
      expect(renderJson(doc)).toBe(whole(doc));
      expect(JSON.parse(pieces.join(""))).toEqual(JSON.parse(whole(doc)));
    }
  });

  it("writes a document without workspaces whole", () => {
    const document = { ...sampleDocument(), workspaces: [] };
    expect([...renderJsonChunks(document)].join("")).toBe(whole(document));
  });
});
