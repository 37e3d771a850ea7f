import { describe, expect, it } from "vitest";
import { ASB_CONTROLS } from "../../catalogue/asb.ts";
import { DETECTIONS } from "./registry.ts";

const CONTROL_IDS = new Set(ASB_CONTROLS.map((control) => control.id));
/** Parameters that carry code, credentials or free text, never shown as evidence. */
const NEVER_SHOWN = /commandText|queryText|script$|password|secret|token$|tokenValue|comment|body|content/i;

describe("the detection catalogue", () => {
  it("has DET-01..13 in order, one per file", () => {
    expect(DETECTIONS.map((d) => d.meta.id)).toEqual(
      Array.from({ length: 13 }, (_, i) => `DET-${String(i + 1).padStart(2, "0")}`),
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
