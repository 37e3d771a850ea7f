import { describe, expect, it } from "vitest";
import { apiVersionAtLeast, constraintRelativeTo, providerAtLeast } from "./defaults.ts";

describe("provider version constraints relative to 4.0", () => {
  it.each([
    [">= 4.12, < 5.0.0", true],
    ["~> 4.0", true],
    ["= 4.1.0", true],
    ["4.3.0", true],
    ["~> 3.90", false],
    ["~> 3.90.1", false],
    ["< 4.0.0", false],
    ["<= 3.117.0", false],
    [">= 3.0", null],
    ["!= 3.5.0", null],
    ["~> 3", null],
  ] as const)("%s → %s", (constraint, expected) => {
    expect(constraintRelativeTo(constraint, [4, 0, 0])).toBe(expected);
  });

  it("an exact version from the lock file wins over the constraint", () => {
    expect(providerAtLeast({ provider: "azurerm", exact: "3.117.0", constraint: ">= 3.0" }, "4.0.0")).toBe(false);
    expect(providerAtLeast({ provider: "azurerm", exact: null, constraint: null }, "4.0.0")).toBeNull();
    expect(providerAtLeast(undefined, "4.0.0")).toBeNull();
  });

  it("compares ARM API versions by date", () => {
    expect(apiVersionAtLeast("2024-05-01", "2024-05-01")).toBe(true);
    expect(apiVersionAtLeast("2023-09-15-preview", "2024-05-01")).toBe(false);
    expect(apiVersionAtLeast(null, "2024-05-01")).toBeNull();
  });
});
