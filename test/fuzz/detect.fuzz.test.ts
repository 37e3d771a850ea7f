/**
 * Property-based fuzzing of every audit-log format `lakeward detect` reads (issue 10): a few valid records
 * of each format, one of them mutated (structure or text), with canaries planted. The harness checks that
 * nothing but an InputError is thrown, every case ends in time, and no planted value reaches a problem or
 * a detection error; the target checks that each skipped line is located by file and line.
 */
import fc from "fast-check";
import { describe } from "vitest";
import type { AuditEvent } from "../../src/detect/generator/model.ts";
import {
  databricksRecord,
  diagnosticRecord,
  logAnalyticsRow,
  systemTableRecord,
} from "../../src/detect/generator/writers.ts";
import { ev, MIN, T0 } from "../detect/support.ts";
import { fuzzParser } from "./harness.ts";
import { mutatedJson, mutatedText } from "./mutate.ts";

const bob = "bob@contoso.com";
const EVENTS: AuditEvent[] = [
  ...Array.from({ length: 6 }, (_, i) =>
    ev({ at: T0 + i * MIN, action: "login", email: bob, params: { user: bob }, status: 401 }),
  ),
  ev({
    at: T0 + 7 * MIN,
    service: "workspace",
    action: "workspaceConfEdit",
    email: bob,
    params: { workspaceConfKeys: "enableIpAccessLists", workspaceConfValues: "false" },
  }),
  ev({ at: T0 + 8 * MIN, action: "generateDbToken", email: bob, params: { tokenHash: "ab" } }),
];

/** JSON-lines formats: the records, one of them mutated, one per line. */
function jsonLines(name: string, records: unknown[]) {
  return fc
    .tuple(
      fc.nat({ max: records.length - 1 }),
      fc.constantFrom(...records).chain((r) => mutatedJson(r)),
    )
    .map(([at, mutated]) => {
      const lines = records.map((record) => JSON.stringify(record));
      lines[at] = mutated.text.replaceAll("\n", " ");
      return { files: { [name]: `${lines.join("\n")}\n` }, secrets: mutated.secrets };
    });
}

const laRows = EVENTS.map(logAnalyticsRow);
const csvCell = (value: unknown) => `"${String(value ?? "").replaceAll('"', '""')}"`;
const csv = [
  Object.keys(laRows[0]!).map(csvCell).join(","),
  ...laRows.map((row) => Object.values(row).map(csvCell).join(",")),
].join("\n");

describe("fuzzing every audit-log format", () => {
  fuzzParser({
    name: "audit logs in each JSON format (diagnostic, Event Hub, Log Analytics, system table, Databricks delivery)",
    target: new URL("./targets/audit-log.ts", import.meta.url),
    cases: fc.oneof(
      jsonLines("PT1H.json", EVENTS.map(diagnosticRecord)),
      jsonLines("eventhub.json", [
        { records: EVENTS.map(diagnosticRecord) },
        { records: EVENTS.slice(0, 2).map(diagnosticRecord) },
      ]),
      jsonLines("la.json", laRows),
      jsonLines("audit.json", EVENTS.map(systemTableRecord)),
      jsonLines("auditlogs.json", EVENTS.map(databricksRecord)),
      mutatedJson(laRows).map((mutated) => ({ files: { "export.json": mutated.text }, secrets: mutated.secrets })),
    ),
    runs: 10,
  });

  fuzzParser({
    name: "audit logs as a Log Analytics CSV export",
    target: new URL("./targets/audit-log.ts", import.meta.url),
    cases: mutatedText(csv).map((mutated) => ({
      files: { "DatabricksAccounts.csv": mutated.text },
      secrets: mutated.secrets,
    })),
    runs: 4,
  });
});
