import { describe, expect, it } from "vitest";
import { safeEngineMessage } from "./engine-errors.ts";

const SECRET = "LWCANARY-envpassword-2b8d6f0a4c1e9375";

describe("safeEngineMessage", () => {
  it.each([
    [
      `Invalid Input Error: Invalid string encoding found in Parquet file "/x.parquet": value "\\xC3(password=${SECRET}" is not valid UTF8!`,
      "invalid UTF-8 text",
    ],
    [`Conversion Error: Could not convert string '${SECRET}' to INT32`, "Could not convert string '…'"],
    [
      `[CAST_INVALID_INPUT] The value '${SECRET}' of the type "STRING" cannot be cast to "INT"`,
      `[CAST_INVALID_INPUT] The value '…'`,
    ],
    [
      `Binder Error: Referenced column "no_such_column" not found\nLINE 1: SELECT '${SECRET}'`,
      `Referenced column "no_such_column" not found`,
    ],
    [`value "a"b ${SECRET}" rest`, `value "…"`],
    [
      `Invalid Input Error: Malformed JSON in file "/a.json", at byte 123 in record/value 2: unexpected character`,
      "malformed JSON at byte 123",
    ],
  ])("%s", (message, expected) => {
    const safe = safeEngineMessage(new Error(message));
    expect(safe).toBe(expected);
    expect(safe).not.toContain(SECRET.slice(9));
  });
});
