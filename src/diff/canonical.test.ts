import { describe, expect, it } from "vitest";
import { canonicalJson, evidenceChanges } from "./canonical.ts";

describe("canonical evidence comparison", () => {
  it("ignores key and list order", () => {
    expect(canonicalJson({ b: [2, 1], a: 1 })).toBe(canonicalJson({ a: 1, b: [1, 2] }));
    expect(
      evidenceChanges({ a: { status: "known", value: [1, 2] } }, { a: { status: "known", value: [2, 1] } }),
    ).toEqual([]);
  });

  it("reads only own keys: a key named like an Object.prototype member is a plain field (found by the diff fuzz)", () => {
    const before = JSON.parse('{"setting": {"status": "known", "value": {}}}');
    const after = JSON.parse('{"setting": {"status": "known", "value": {"constructor": "a"}}}');
    expect(evidenceChanges(before, after)).toEqual([{ path: "setting.constructor", before: null, after: "a" }]);
    expect(evidenceChanges(after, before)).toEqual([{ path: "setting.constructor", before: "a", after: null }]);
  });

  it("keeps a __proto__ key of parsed JSON in the canonical text", () => {
    const withKey = JSON.parse('{"a": 1, "__proto__": {"x": 1}}');
    expect(canonicalJson(withKey)).toBe('{"__proto__":{"x":1},"a":1}');
    expect(canonicalJson(withKey)).not.toBe(canonicalJson({ a: 1 }));
  });
});
