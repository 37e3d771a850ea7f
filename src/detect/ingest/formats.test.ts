import { describe, expect, it } from "vitest";
import { csvColumns, sniffText } from "./formats.ts";

describe("recognising a log format from a file's first bytes", () => {
  it.each([
    [
      '{"time":"2026-11-02T00:00:00Z","category":"accounts","operationName":"Microsoft.Databricks/accounts/login"}',
      "diagnostic",
    ],
    ['{"records":[{"time":"x","category":"accounts","operationName":"y"}]}', "eventhub"],
    ['[\n  {\n    "TimeGenerated": "2026-11-02T00:00:00Z",\n    "ActionName": "login"', "log-analytics-json"],
    ['{"event_time":"2026-11-02T00:00:00Z","action_name":"login","service_name":"accounts"}', "system-table-json"],
    ['{"timestamp":1234567890000,"serviceName":"accounts","actionName":"login"}', "databricks-json"],
    ['TenantId,"TimeGenerated [UTC]",Category,OperationName,ActionName\n', "log-analytics-csv"],
    ['\uFEFF{"kind":"lakeward-gen-logs-manifest","version":1}', "manifest"],
    ['{"name":"something else"}', undefined],
    ["plain text", undefined],
  ])("%s → %s", (head, format) => {
    expect(sniffText(head)).toBe(format);
  });

  it("reads the portal's CSV header names", () => {
    expect(csvColumns(["TimeGenerated [UTC]", "ActionName", "_ResourceId"])).toMatchObject({
      TimeGenerated: "TimeGenerated [UTC]",
      ActionName: "ActionName",
      _ResourceId: "_ResourceId",
      Identity: undefined,
    });
  });
});
