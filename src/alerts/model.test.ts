import { describe, expect, it } from "vitest";
import { sampleEvent } from "../../test/support/delivery-log-contract.ts";
import { alertEventSchema, atLeast, subjectId } from "./model.ts";

describe("alert model", () => {
  it("the sample event the tests use is a valid event", () => {
    expect(alertEventSchema.parse(sampleEvent())).toEqual(sampleEvent());
  });

  it("names the subject of posture and detection events", () => {
    expect(subjectId(sampleEvent())).toBe("NET-03");
    const { finding: _finding, ...rest } = sampleEvent();
    expect(subjectId({ ...rest, kind: "run_failed" })).toBeUndefined();
  });

  it("orders severities", () => {
    expect(atLeast("critical", "high")).toBe(true);
    expect(atLeast("medium", "high")).toBe(false);
    expect(atLeast("info", "info")).toBe(true);
  });
});
