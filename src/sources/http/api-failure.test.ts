import { describe, expect, it } from "vitest";
import { ApiFailure } from "./api-failure.ts";

describe("ApiFailure messages", () => {
  it("names the status once when the error code only repeats it (SCIM's status \"403\", ARM's code 403)", () => {
    const failure = new ApiFailure({
      endpoint: "GET /api/2.0/preview/scim/v2/Users",
      kind: "http",
      status: 403,
      errorCode: "403",
      detail: "User not authorized",
    });
    expect(failure.message).toBe("GET /api/2.0/preview/scim/v2/Users: HTTP 403: User not authorized");
    expect(failure.reason).not.toMatch(/403 403/);
  });

  it("keeps an error code that says more than the status", () => {
    const failure = new ApiFailure({
      endpoint: "GET /api/2.0/ip-access-lists",
      kind: "http",
      status: 404,
      errorCode: "FEATURE_DISABLED",
      detail: "This feature requires the Premium pricing tier.",
    });
    expect(failure.statusText).toBe("HTTP 404 FEATURE_DISABLED: This feature requires the Premium pricing tier.");
  });
});
