import { describe, expect, it } from "vitest";
import type { ResultPath } from "../../checks/types.ts";
import { MAX_DRAWN_PATHS, pathGraphElements, pathGraphView } from "./path-graph.ts";

const CANARY = `evil"><script>alert(1)</script>'`;
const path = (user: string): ResultPath => ({
  principal: { kind: "user", label: user },
  kind: "nested-group",
  steps: [
    { from: { kind: "user", label: user }, to: { kind: "group", label: "platform" }, kind: "member-of", detail: "" },
    {
      from: { kind: "group", label: "platform" },
      to: { kind: "group", label: "admins" },
      kind: "member-of",
      detail: "",
    },
    {
      from: { kind: "group", label: "admins" },
      to: { kind: "role", label: "workspace admin" },
      kind: "is-admin",
      detail: "admins",
    },
  ],
});

describe("path graph elements", () => {
  it("shares nodes and edges between paths and marks the principal and the target", () => {
    const g = pathGraphElements({ total: 2, items: [path("ola"), path("kai")] });
    expect(g.nodes.map((n) => `${n.label}:${n.role}`)).toEqual([
      "ola:principal",
      "platform:via",
      "admins:via",
      "workspace admin:target",
      "kai:principal",
    ]);
    expect(g.edges).toHaveLength(4);
    expect(g).toMatchObject({ drawnPaths: 2, notDrawnPaths: 0 });
  });

  it("draws at most MAX_DRAWN_PATHS paths and counts the rest, including those not carried", () => {
    const items = Array.from({ length: 20 }, (_, i) => path(`u${i}`));
    const g = pathGraphElements({ total: 70, items });
    expect(g.drawnPaths).toBe(MAX_DRAWN_PATHS);
    expect(g.notDrawnPaths).toBe(70 - MAX_DRAWN_PATHS);
    const view = pathGraphView({ total: 70, items }, "pg-1").value;
    expect(view).toContain(`${70 - MAX_DRAWN_PATHS} more path(s) not drawn`);
  });

  it("escapes a hostile principal name in the list and in the JSON block", () => {
    const view = pathGraphView({ total: 1, items: [path(CANARY)] }, "pg-x").value;
    expect(view).not.toContain("<script>alert");
    expect(view).not.toContain(`evil">`);
    expect(view.match(/<script/g)).toHaveLength(1); // only the JSON block
    const json = view.match(/<script type="application\/json" id="pg-x-data">(.*?)<\/script>/s)?.[1] ?? "";
    expect(JSON.parse(json).nodes[0].label).toBe(CANARY);
    expect(() => pathGraphView({ total: 0, items: [] }, 'a"b')).toThrow();
  });
});
