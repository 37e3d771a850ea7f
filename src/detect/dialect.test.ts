import { describe, expect, it } from "vitest";
import { DATABRICKS, DUCKDB } from "./dialect.ts";

describe("dialects", () => {
  it("refuse literals and patterns the two engines would read differently", () => {
    for (const d of [DUCKDB, DATABRICKS]) {
      expect(d.str("admins")).toBe("'admins'");
      expect(() => d.str("it's")).toThrow(/must not contain/);
      expect(() => d.str("a\\b")).toThrow(/must not contain/);
      expect(() => d.regexpLike("x", "\\d+")).toThrow(/must not contain/);
    }
  });

  it("keep the engines' differences apart", () => {
    expect(DUCKDB.epochMillis("t")).toBe("epoch_ms(t)");
    expect(DATABRICKS.epochMillis("t")).toBe("unix_millis(t)");
    expect(DATABRICKS.hourUtc("t")).toContain("to_utc_timestamp");
    expect(DUCKDB.eventsSource({ sinceMs: 0 })).toMatch(/FROM audit WHERE event_time >= epoch_ms/);
    const pushdown = DATABRICKS.eventsSource({ sinceMs: 1_000, untilMs: 2_000 });
    expect(pushdown).toContain(
      "FROM system.access.audit WHERE event_time >= timestamp_millis(1000) AND event_time < timestamp_millis(2000)",
    );
    expect(pushdown).toContain("lower(user_identity.email) AS principal");
  });
});
