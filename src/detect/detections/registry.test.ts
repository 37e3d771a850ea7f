import { describe, expect, it } from "vitest";
import { ASB_CONTROLS } from "../../catalogue/asb.ts";
import { SRA_QUERIES } from "../sra.ts";
import { DETECTIONS } from "./registry.ts";

const CONTROL_IDS = new Set(ASB_CONTROLS.map((control) => control.id));
/** Parameters that carry code, credentials or free text, never shown as evidence. */
const NEVER_SHOWN = /commandText|queryText|script$|password|secret|token$|tokenValue|comment|body|content/i;

describe("the detection catalogue", () => {
  it("has DET-01..30 in order, one per file", () => {
    expect(DETECTIONS.map((d) => d.meta.id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `DET-${String(i + 1).padStart(2, "0")}`),
    );
  });

  it.each(DETECTIONS.map((d) => [d.meta.id, d] as const))("%s has complete metadata", (_id, { meta }) => {
    expect(meta.title.length).toBeGreaterThan(10);
    expect(meta.threats.length).toBeGreaterThan(0);
    expect(meta.controls.length).toBeGreaterThan(0);
    for (const control of meta.controls) expect(CONTROL_IDS, control).toContain(control);
    expect(meta.controls).toContain("IR-3");
    for (const text of [meta.rationale, meta.response, meta.logic]) expect(text.length).toBeGreaterThan(60);
    for (const [name, spec] of Object.entries(meta.thresholds)) {
      expect(meta.logic + meta.rationale, `${name} is explained`).toMatch(new RegExp(name));
      expect(spec.description.length).toBeGreaterThan(5);
    }
    for (const param of meta.evidenceParams) expect(param).not.toMatch(NEVER_SHOWN);
    expect(meta.facts.length).toBeGreaterThan(0);
  });
});

describe("Databricks SRA coverage", () => {
  it("lists the SRA's 45 queries, 30 of them alerting, each alert covered by detections that exist", () => {
    expect(SRA_QUERIES).toHaveLength(45);
    expect(new Set(SRA_QUERIES.map((query) => query.name)).size).toBe(45);
    const alerting = SRA_QUERIES.filter((query) => query.alert);
    expect(alerting).toHaveLength(30);
    const ids = new Set(DETECTIONS.map((d) => d.meta.id));
    for (const query of alerting) {
      expect(query.detections.length, query.name).toBeGreaterThan(0);
      for (const id of query.detections) expect(ids, `${query.name} → ${id}`).toContain(id);
    }
    // A report without a detection says why.
    for (const query of SRA_QUERIES.filter((q) => q.detections.length === 0))
      expect(query.note.length).toBeGreaterThan(20);
  });

  it("names each covered alert in its detections' references", () => {
    for (const query of SRA_QUERIES.filter((q) => q.alert))
      for (const id of query.detections) {
        const references = DETECTIONS.find((d) => d.meta.id === id)!.meta.references ?? [];
        expect(references.join(" "), `${id} references ${query.name}`).toContain(query.name);
      }
  });
});
