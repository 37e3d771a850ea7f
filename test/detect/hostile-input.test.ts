/**
 * Hostile log input (issue 10 items 4, 12 and 17; issue 11 item 17): values quoted by the engines never
 * reach a problem or a report; file names are read literally, never as glob patterns; only regular files
 * within the size limit are read, and what was skipped is said; Log Analytics columns are matched
 * whatever their case.
 */
import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { logAnalyticsRow } from "../../src/detect/generator/writers.ts";
import { LocalDatabase } from "../../src/detect/local.ts";
import { ALERT_FORMATS } from "../../src/detect/reports/output.ts";
import { CANARIES } from "../../src/emulator/canaries.ts";
import { runCli } from "../support/cli.ts";
import { unescaped } from "../support/unescape.ts";
import { detect, ev, MIN, T0, withTempDir, writeSystemTableJson } from "./support.ts";

const CANARY = CANARIES.envPassword;
const bob = "bob@contoso.com";
const failedSignIn = (i: number) =>
  ev({ at: T0 + i * MIN, action: "login", email: bob, params: { user: bob }, status: 401 });

/** Every text a run wrote: stdout, stderr and each file of the output directory. */
async function outputs(dir: string, run: { stdout: string; stderr: string }): Promise<string> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(files.map((f) => readFile(join(dir, f), "utf8")));
  return [run.stdout, run.stderr, ...texts].join("\n");
}

const expectNoCanary = (text: string) => {
  expect(text).not.toContain(CANARY);
  expect(unescaped(text)).not.toContain(CANARY);
  // Not even a piece of it.
  expect(text).not.toContain(CANARY.slice(9, 30));
};

/**
 * A Parquet export with invalid UTF-8 before a password, in a command text (`request_params`) or in the
 * user agent: written uncompressed with a placeholder, which is then replaced by the invalid bytes in place.
 * The user agents are distinct, so that the column is not dictionary-encoded (a dictionary is decoded
 * whole, and the row cannot be told).
 */
async function parquetWithInvalidText(
  file: string,
  rows: number,
  badRow: number,
  where: "commandText" | "userAgent",
): Promise<void> {
  const bad = `'QQQQ password=${CANARY}'`;
  const db = await LocalDatabase.open({ threads: 1 });
  try {
    await db.run(`COPY (
  SELECT TIMESTAMP '2026-11-02 10:00:00' + INTERVAL (i) SECOND AS event_time, '1234567890123456' AS workspace_id,
    'WORKSPACE_LEVEL' AS audit_level, 'notebook' AS service_name, 'runCommand' AS action_name,
    {'email': '${bob}'} AS user_identity, '198.51.100.10' AS source_ip_address,
    ${where === "userAgent" ? `CASE WHEN i = ${badRow - 1} THEN ${bad} ELSE 'Mozilla/5.0 #' || i END` : "'Mozilla/5.0'"} AS user_agent,
    MAP {'commandText': ${where === "commandText" ? `CASE WHEN i = ${badRow - 1} THEN ${bad} ELSE 'display(df)' END` : "'display(df)'"}} AS request_params,
    {'status_code': 200, 'error_message': NULL} AS response
  FROM range(${rows}) t(i)) TO '${file}' (FORMAT parquet, COMPRESSION uncompressed)`);
  } finally {
    db.close();
  }
  const bytes = await readFile(file);
  const marker = Buffer.from("QQQQ");
  let patched = 0;
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + 1)) {
    bytes.set([0xc3, 0x28, 0xc3, 0x28], at);
    patched++;
  }
  expect(patched).toBeGreaterThan(0);
  await writeFile(file, bytes);
}

describe("engine errors never quote log values", () => {
  it.each([
    ["commandText", "column request_params, row not located (the column is decoded page by page)"],
    ["userAgent", "column user_agent, row 321"],
  ] as const)(
    "Parquet, invalid UTF-8 before a canary password in %s: file and column named, no value anywhere",
    async (where, located) => {
      await withTempDir(async (dir) => {
        const logs = join(dir, "logs");
        await mkdir(logs);
        const bad = join(logs, "part-00000.parquet");
        await parquetWithInvalidText(bad, 500, 321, where);
        await writeSystemTableJson(
          join(logs, "good.json"),
          Array.from({ length: 6 }, (_, i) => failedSignIn(i)),
        );
        const out = join(dir, "out");
        const run = await runCli(["detect", "--logs", logs, "--format", ALERT_FORMATS.join(","), "--output-dir", out]);
        // The unreadable file is an input error; the other file's burst is still found.
        expect(run.code).toBe(2);
        expectNoCanary(await outputs(out, run));
        const document = JSON.parse(await readFile(join(out, "alerts.json"), "utf8"));
        expect(document.alerts.map((a: { detectionId: string }) => a.detectionId)).toEqual(["DET-01"]);
        expect(document.source.problems).toEqual([
          {
            file: bad,
            message: `cannot read as system-table-parquet: invalid UTF-8 text in ${located}; the file was skipped`,
            level: "error",
          },
        ]);
      });
    },
  );

  it("JSON lines: a syntax error, an unreadable time and a bad CSV row are located without their text", async () => {
    await withTempDir(async (dir) => {
      const json = join(dir, "events.json");
      await writeSystemTableJson(json, [failedSignIn(0)]);
      const good = (await readFile(json, "utf8")).trim();
      await writeFile(
        json,
        [
          good,
          `{"event_time": "2026-11-02T10:00:00Z", "action_name": "login", password=${CANARY}`,
          good.replace(/"event_time":"[^"]+"/, `"event_time":"${CANARY}"`),
          good,
        ].join("\n"),
      );
      const csv = join(dir, "DatabricksAccounts.csv");
      const row = logAnalyticsRow(failedSignIn(1));
      const cells = (values: unknown[]) => values.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(",");
      await writeFile(
        csv,
        `${[cells(Object.keys(row)), cells(Object.values(row)), `${cells(Object.values(row))},"${CANARY}"`].join("\n")}\n`,
      );
      const result = await detect({ paths: [dir] }, { only: ["DET-01"] });
      expect(result.report.problems.map((p) => [p.file, p.line, p.message])).toEqual([
        [csv, 3, "bad CSV row (too many columns at column 18)"],
        [json, 2, "invalid JSON (InvalidSymbol at column 64); line skipped"],
        [json, 3, "unreadable time in field event_time; line skipped"],
      ]);
      const run = await runCli(["detect", "--logs", dir, "--format", "json"]);
      expectNoCanary(`${run.stdout}\n${run.stderr}`);
    });
  });
});

describe("file names are read literally", () => {
  it("a file named *.json beside a.json: 30 events, not 90", async () => {
    await withTempDir(async (dir) => {
      const star = join(dir, "*.json");
      await writeSystemTableJson(
        star,
        Array.from({ length: 10 }, (_, i) => failedSignIn(i)),
      );
      await writeSystemTableJson(
        join(dir, "a.json"),
        Array.from({ length: 20 }, (_, i) => failedSignIn(100 + i)),
      );
      const odd = join(dir, "x[ab]?{c}");
      await mkdir(odd);
      await writeSystemTableJson(join(odd, "b.json"), [failedSignIn(300)]);
      await writeSystemTableJson(join(dir, "xa.json"), [failedSignIn(400)]);
      const result = await detect({ paths: [dir] });
      expect(result.report.events).toBe(32);
      expect(result.report.files.map((f) => f.file.slice(dir.length + 1))).toEqual([
        "*.json",
        "a.json",
        "x[ab]?{c}/b.json",
        "xa.json",
      ]);
      // Given on its own, the starred file is just that file.
      expect((await detect({ paths: [star] })).report.events).toBe(10);
    });
  });
});

describe("only regular files within the limit are read", () => {
  it("skips a FIFO and a device behind a symlink in a directory, with a warning, without hanging", async () => {
    await withTempDir(async (dir) => {
      execFileSync("mkfifo", [join(dir, "pipe.json")]);
      await symlink("/dev/zero", join(dir, "zero.json"));
      await writeSystemTableJson(
        join(dir, "good.json"),
        Array.from({ length: 6 }, (_, i) => failedSignIn(i)),
      );
      const result = await detect({ paths: [dir] });
      expect(result.report.events).toBe(6);
      expect(result.alerts.map((a) => a.detectionId)).toEqual(["DET-01"]);
      expect(result.report.problems).toEqual([
        {
          file: join(dir, "pipe.json"),
          message: "not read: it is a named pipe (FIFO); lakeward reads only regular files",
          level: "warning",
        },
        {
          file: join(dir, "zero.json"),
          message: "not read: it is a character device; lakeward reads only regular files",
          level: "warning",
        },
      ]);
      expect(result.report.skipped).toEqual([join(dir, "pipe.json"), join(dir, "zero.json")]);
    });
  });

  it("a FIFO named on the command line is an error (exit 2) and the other paths are still read", async () => {
    await withTempDir(async (dir) => {
      const pipe = join(dir, "extra.json");
      execFileSync("mkfifo", [pipe]);
      const good = join(dir, "good.json");
      await writeSystemTableJson(
        good,
        Array.from({ length: 6 }, (_, i) => failedSignIn(i)),
      );
      const run = await runCli(["detect", "--logs", pipe, good, "--format", "json", "-q"]);
      expect(run.code).toBe(2);
      const document = JSON.parse(run.stdout);
      expect(document.source.events).toBe(6);
      expect(document.source.problems).toEqual([
        {
          file: pipe,
          message: "not read: it is a named pipe (FIFO); lakeward reads only regular files",
          level: "error",
        },
      ]);
    });
  });

  it("a file past the size limit is an error naming the limit; the others are read", async () => {
    await withTempDir(async (dir) => {
      const big = join(dir, "big.json");
      await writeSystemTableJson(
        big,
        Array.from({ length: 6000 }, (_, i) => failedSignIn(i)),
      );
      await writeSystemTableJson(join(dir, "small.json"), [failedSignIn(0)]);
      const run = await runCli(["detect", "--logs", dir, "--format", "json", "-q"], { LAKEWARD_MAX_INPUT_MB: "1" });
      expect(run.code).toBe(2);
      const document = JSON.parse(run.stdout);
      expect(document.source.events).toBe(1);
      expect(document.source.problems).toHaveLength(1);
      expect(document.source.problems[0]).toMatchObject({ file: big, level: "error" });
      expect(document.source.problems[0].message).toMatch(
        /^not read: larger than the 1 MiB limit for an audit log file \(Raise it with LAKEWARD_MAX_INPUT_MB=<MiB> if the file is genuine\.\)$/,
      );
    });
  });
});

describe("Log Analytics columns whatever their case", () => {
  const rename = (row: Record<string, unknown>) => {
    const { SourceIPAddress, ...rest } = row;
    return { ...rest, SourceIpAddress: SourceIPAddress };
  };
  const events = ["192.0.2.31", "192.0.2.32", "192.0.2.33"].map((ip, i) =>
    ev({ at: T0 + i * MIN, action: "aadBrowserLogin", email: bob, ip, params: { user: bob } }),
  );

  it("JSON rows that spell SourceIpAddress", async () => {
    await withTempDir(async (dir) => {
      await writeFile(
        join(dir, "DatabricksAccounts.json"),
        `${JSON.stringify(
          events.map((event) => rename(logAnalyticsRow(event))),
          null,
          2,
        )}\n`,
      );
      const result = await detect({ paths: [dir] }, { only: ["DET-02"] });
      expect(result.report.files.map((f) => f.format)).toEqual(["log-analytics-json"]);
      expect(result.alerts.map((a) => a.facts.ips)).toEqual(["192.0.2.31,192.0.2.32,192.0.2.33"]);
    });
  });

  it("a CSV export whose header spells SourceIpAddress", async () => {
    await withTempDir(async (dir) => {
      const rows = events.map((event) => rename(logAnalyticsRow(event)));
      const cells = (values: unknown[]) => values.map((v) => `"${String(v).replaceAll('"', '""')}"`).join(",");
      await writeFile(
        join(dir, "DatabricksAccounts.csv"),
        `${[cells(Object.keys(rows[0]!)), ...rows.map((row) => cells(Object.values(row)))].join("\n")}\n`,
      );
      const result = await detect({ paths: [dir] }, { only: ["DET-02"] });
      expect(result.report.files.map((f) => f.format)).toEqual(["log-analytics-csv"]);
      expect(result.alerts.map((a) => a.facts.ips)).toEqual(["192.0.2.31,192.0.2.32,192.0.2.33"]);
    });
  });
});
