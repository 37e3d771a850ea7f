/**
 * Bad input: malformed lines are counted and reported with file and line while the rest is read; a file
 * that cannot be read is reported by name while the others are read; a path that does not exist is a
 * usage error.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { diagnosticRecord, logAnalyticsRow } from "../../src/detect/generator/writers.ts";
import { runCli } from "../support/cli.ts";
import { detect, ev, MIN, T0, times, withTempDir, writeSystemTableJson } from "./support.ts";

/** One CSV line, every field quoted as the Log Analytics portal quotes it. */
const csv = (values: unknown[]) => values.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(",");

const lines = (records: unknown[]) =>
  `${records.map((r) => (typeof r === "string" ? r : JSON.stringify(r))).join("\n")}\n`;

describe("malformed lines", () => {
  it("are counted and reported with file and line; the other lines are read", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "insights-logs-accounts", "PT1H.json");
      await mkdir(join(dir, "insights-logs-accounts"));
      const good = Array.from({ length: 6 }, (_, i) =>
        diagnosticRecord(
          ev({
            at: T0 + i * MIN,
            action: "login",
            email: "bob@contoso.com",
            params: { user: "bob@contoso.com" },
            status: 401,
          }),
        ),
      );
      const noAction = {
        ...good[0]!,
        operationName: "",
        properties: { ...(good[0]!.properties as object), actionName: "" },
      };
      await writeFile(
        file,
        lines([
          good[0],
          good[1],
          '{"time": "2026-11-02T00:00:00Z", "category": broken',
          good[2],
          noAction,
          "",
          good[3],
          good[4],
          good[5],
        ]),
      );
      const result = await detect({ paths: [dir] }, { only: ["DET-01"] });
      expect(result.report.events).toBe(6);
      expect(result.report.badLines).toBe(2);
      expect(result.report.files).toEqual([{ file, format: "diagnostic", badLines: 2 }]);
      expect(result.report.problems.map((p) => [p.file, p.line, p.level])).toEqual([
        [file, 3, "warning"],
        [file, 5, "warning"],
      ]);
      expect(result.report.problems[0]!.message).toMatch(/^invalid JSON/);
      expect(result.report.problems[1]!.message).toMatch(/no action name/);
      // The 6 good failed sign-ins still make their alert.
      expect(result.alerts.map((a) => a.principal)).toEqual(["bob@contoso.com"]);

      const run = await runCli(["detect", "--logs", dir, "--only", "DET-01"]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`${file}:3: invalid JSON`);
      expect(run.stderr).toContain(`${file}:5: no action name`);
      expect(run.stdout).toContain("2 bad line(s) skipped");
    });
  });

  it("in a Log Analytics CSV export are reported with their line", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "DatabricksAccounts.csv");
      const row = logAnalyticsRow(ev({}));
      const header = Object.keys(row);
      await writeFile(
        file,
        `${[csv(header), csv(Object.values(row)), `${csv(Object.values(row))},"extra"`, csv(Object.values(row))].join("\n")}\n`,
      );
      const result = await detect({ paths: [file] });
      expect(result.report.events).toBe(2);
      expect(result.report.badLines).toBe(1);
      expect(result.report.problems).toMatchObject([{ file, line: 3, level: "warning" }]);
    });
  });

  it("a short or broken Log Analytics CSV row is one bad line, and the rows around it are read", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "DatabricksAccounts.csv");
      const row = logAnalyticsRow(ev({}));
      const header = Object.keys(row);
      const good = csv(Object.values(row));
      await writeFile(
        file,
        `${[csv(header), good, csv(Object.values(row).slice(0, 3)), good, '"t,"oops', good].join("\n")}\n`,
      );
      const result = await detect({ paths: [file] });
      expect(result.report.events).toBe(3);
      expect(result.report.badLines).toBe(2);
      const problems = result.report.problems.map((p) => [p.line, p.message.replace(/ \(.*$/, "")]);
      expect(problems).toEqual([
        [3, "bad CSV row"],
        [5, "bad CSV row"],
      ]);
      expect(result.report.problems[0]?.message).toBe(
        "bad CSV row (missing columns at column 3 (OperationName) and 13 more)",
      );
    });
  });

  it("a Log Analytics CSV row of 20 MiB is read, not rejected (rows up to 64 MiB are)", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "DatabricksAccounts.csv");
      const row = logAnalyticsRow(ev({ action: "login", status: 401, params: { user: "bob@contoso.com" } }));
      const header = Object.keys(row);
      const huge = {
        ...row,
        RequestParams: JSON.stringify({ user: "bob@contoso.com", note: "x".repeat(20 * 2 ** 20) }),
      };
      await writeFile(file, `${[csv(header), csv(Object.values(huge)), csv(Object.values(row))].join("\n")}\n`);
      const result = await detect({ paths: [file] });
      expect(result.report.badLines).toBe(0);
      expect(result.report.events).toBe(2);
    });
  });

  it("Log Analytics fields holding JSON encoded twice (a JSON string of JSON) are read as once", async () => {
    await withTempDir(async (dir) => {
      const row = logAnalyticsRow(
        ev({ action: "login", status: 401, email: "eve@contoso.com", params: { user: "eve@contoso.com" } }),
      );
      const twice = Object.fromEntries(
        Object.entries(row).map(([key, value]) =>
          ["Identity", "RequestParams", "Response"].includes(key) ? [key, JSON.stringify(value)] : [key, value],
        ),
      );
      const header = Object.keys(row);
      await writeFile(join(dir, "DatabricksAccounts.csv"), `${csv(header)}\n${csv(Object.values(twice))}\n`);
      await writeFile(join(dir, "export.json"), `${JSON.stringify([twice], null, 2)}\n`);
      const result = await detect({ paths: [dir] }, { only: ["DET-01"], thresholds: { "DET-01.failuresPerUser": 1 } });
      expect(result.report.events).toBe(2);
      expect(result.report.badLines).toBe(0);
      // Both rows are read with their status and user: one failed sign-in each, one burst of two.
      expect(result.alerts.map((a) => [a.principal, a.eventCount])).toEqual([["eve@contoso.com", 2]]);
    });
  });

  it("in a pretty-printed Event Hub message: the file is unusable, reported with the syntax error's line", async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, "eventhub.json");
      const text = JSON.stringify({ records: [diagnosticRecord(ev({}))] }, null, 2).replace(
        '"category"',
        '"category" oops',
      );
      await writeFile(file, text);
      const result = await detect({ paths: [file] });
      expect(result.report.events).toBe(0);
      expect(result.report.problems).toHaveLength(1);
      expect(result.report.problems[0]).toMatchObject({ file, level: "error" });
      expect(result.report.problems[0]!.message).toMatch(/^cannot read as eventhub \(invalid JSON/);
      expect(result.report.problems[0]!.line).toBe(text.split("\n").findIndex((l) => l.includes("oops")) + 1);
    });
  });
});

describe("unreadable input", () => {
  it("a path that does not exist: exit 2 naming it", async () => {
    const run = await runCli(["detect", "--logs", "/nonexistent/lakeward-logs"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("/nonexistent/lakeward-logs: cannot read (no such file or directory)");
  });

  it("a .parquet file that is not Parquet: reported by name, the other files read, exit 2", async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, "part-00000.parquet"), '{"this is":"json, not parquet"}\n');
      await writeFile(
        join(dir, "corrupt.parquet"),
        Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(64, 7), Buffer.from("PAR1")]),
      );
      await writeSystemTableJson(join(dir, "good.json"), [ev({ action: "generateDbToken", email: "bob@contoso.com" })]);
      const result = await detect({ paths: [dir] });
      expect(result.report.events).toBe(1);
      expect(result.alerts.map((a) => a.detectionId)).toEqual(["DET-05"]);
      const errors = result.report.problems.filter((p) => p.level === "error");
      expect(errors.map((p) => p.file).sort()).toEqual([join(dir, "corrupt.parquet"), join(dir, "part-00000.parquet")]);
      expect(errors.find((p) => p.file.endsWith("part-00000.parquet"))!.message).toMatch(/not a Parquet file/);
      expect(errors.find((p) => p.file.endsWith("corrupt.parquet"))!.message).toMatch(
        /cannot read as system-table-parquet/,
      );

      const run = await runCli(["detect", "--logs", dir, "--format", "json", "-q"]);
      expect(run.code).toBe(2);
      const document = JSON.parse(run.stdout);
      expect(document.source.events).toBe(1);
      expect(document.alerts).toHaveLength(1);
      expect(document.source.problems.filter((p: { level: string }) => p.level === "error")).toHaveLength(2);
      const human = await runCli(["detect", "--logs", dir]);
      expect(human.stderr).toContain(`${join(dir, "part-00000.parquet")}: not a Parquet file`);
    });
  });

  it("events out of every detection's scope are counted once, not stored, also when a batch is read again", async () => {
    await withTempDir(async (dir) => {
      // In scope of DET-05: successful generateDbToken. Out of scope: notebook runs (counted, not stored).
      const inScope = times(3, (i) => ev({ at: T0 + i * MIN, action: "generateDbToken", email: "bob@contoso.com" }));
      const outOfScope = times(5, (i) => ev({ at: T0 + i * MIN, service: "notebook", action: "runCommand" }));
      await writeFile(join(dir, "good.json"), lines([...inScope, ...outOfScope].map(diagnosticRecord)));
      // A gzip file whose first member is whole and recognised as diagnostic (its first 16 KiB, which is
      // what recognition reads), followed by a broken member: it fails the statement that reads both
      // files, and the batch is then read file by file.
      const member = gzipSync(
        lines(times(3000, (i) => ev({ at: T0 + i * MIN, service: "notebook" })).map(diagnosticRecord)),
      );
      expect(member.length).toBeGreaterThan(16_384);
      await writeFile(
        join(dir, "broken.json.gz"),
        Buffer.concat([member, Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from("not deflate data")]),
      );
      const result = await detect({ paths: [dir] }, { only: ["DET-05"] });
      expect(result.report.problems.filter((p) => p.level === "error").map((p) => p.file)).toEqual([
        join(dir, "broken.json.gz"),
      ]);
      expect(result.report.events).toBe(8);
      expect(result.report.kept).toBe(3);
      expect(result.alerts.map((a) => a.detectionId)).toEqual(["DET-05", "DET-05", "DET-05"]);
    });
  });

  it("files that are not audit logs are skipped with a warning; empty files silently", async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, "notes.txt"), "remember to rotate the keys\n");
      await writeFile(join(dir, "config.json"), '{"name": "something else"}\n');
      await writeFile(join(dir, "empty.json"), "");
      const result = await detect({ paths: [dir] });
      expect(result.report.events).toBe(0);
      expect(result.report.problems.map((p) => [p.file.split("/").pop(), p.level])).toEqual([
        ["config.json", "warning"],
        ["notes.txt", "warning"],
      ]);
      expect(result.report.skipped).toHaveLength(3);
      const run = await runCli(["detect", "--logs", dir, "-q"]);
      expect(run.code).toBe(0);
    });
  });
});
