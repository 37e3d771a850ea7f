import { describe, expect, it } from "vitest";
import { CANARY_VALUES } from "../emulator/canaries.ts";
import { scrubValue } from "./alerts.ts";

describe("scrubValue", () => {
  it.each([
    "password = 'hunter2hunter2'",
    "temporary token: abc",
    "dapi0123456789abcdef0123456789abcdef",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig",
    "https://acct.blob.core.windows.net/c?sv=2024&sig=abcdef",
    "-----BEGIN RSA PRIVATE KEY-----",
  ])("fingerprints %s", (value) => {
    expect(scrubValue(value)).toMatch(/^\[redacted sha256:[0-9a-f]{16}\]$/);
  });

  it("fingerprints the canaries wherever they sit in a key=value text", () => {
    for (const canary of CANARY_VALUES) expect(scrubValue(`secret=${canary}`)).not.toContain(canary);
  });

  it("keeps ordinary values and hashes, and cuts very long ones", () => {
    for (const value of ["enableIpAccessLists", "192.0.2.1", "a3f1".repeat(16), "/Users/bob@contoso.com/analysis"])
      expect(scrubValue(value)).toBe(value);
    expect(scrubValue("x".repeat(1000))).toHaveLength(300);
  });
});
