import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { LOCAL_AUDIT_TABLE } from "./dialect.ts";
import { LOCAL_QUERY_CONCURRENCY, LocalDatabase } from "./local.ts";

describe("the local detection executor", () => {
  let db: LocalDatabase | undefined;
  afterEach(() => {
    db?.close();
    db = undefined;
  });

  it("runs statements side by side on at most LOCAL_QUERY_CONCURRENCY reader connections", async () => {
    db = await LocalDatabase.open();
    const executor = db.executor();
    expect(LOCAL_QUERY_CONCURRENCY).toBeGreaterThanOrEqual(2);
    expect(executor.concurrency).toBe(LOCAL_QUERY_CONCURRENCY);
    const main = (await db.query("SELECT current_connection_id() AS c"))[0]?.c;
    // More statements at once than readers: the extra ones wait for a free reader.
    const rows = await Promise.all(
      Array.from({ length: 3 * LOCAL_QUERY_CONCURRENCY }, (_, i) =>
        executor.query(`SELECT current_connection_id() AS c, ${i} AS i`, `statement ${i}`),
      ),
    );
    const connections = new Set(rows.map((r) => r[0]?.c));
    expect(connections.size).toBe(LOCAL_QUERY_CONCURRENCY);
    expect(connections.has(main)).toBe(false);
    expect(rows.map((r) => r[0]?.i)).toEqual(Array.from({ length: 3 * LOCAL_QUERY_CONCURRENCY }, (_, i) => String(i)));
  });

  it("gives the readers what detections read: the rows of the shared table and the ingest macros", async () => {
    db = await LocalDatabase.open();
    await db.run(
      `INSERT INTO ${LOCAL_AUDIT_TABLE} (event_time, action_name, source_ip) VALUES (TIMESTAMP '2026-11-20 23:30:00', 'login', '10.0.0.1:443')`,
    );
    const sql = `SELECT action_name, lw_ip(source_ip) AS ip FROM ${LOCAL_AUDIT_TABLE}`;
    const viaReaders = await Promise.all([db.executor().query(sql, "a"), db.executor().query(sql, "b")]);
    const expected = [{ action_name: "login", ip: "10.0.0.1" }];
    expect(await db.query(sql)).toEqual(expected);
    for (const rows of viaReaders) expect(rows).toEqual(expected);
  });

  it("judges times in UTC on every reader, whatever the machine's time zone", () => {
    // The session time zone is per connection and starts as the process's TZ, which is fixed at start-up:
    // a child process in Tokyo shows whether each reader is set to UTC as the main connection is.
    const local = new URL("./local.ts", import.meta.url).pathname;
    const script = `import { LocalDatabase } from ${JSON.stringify(local)};
const db = await LocalDatabase.open();
const sql = "SELECT current_setting('TimeZone') AS tz, hour(TIMESTAMPTZ '2026-11-20 23:30:00+00') AS h";
const rows = await Promise.all([db.query(sql), db.executor().query(sql, "a"), db.executor().query(sql, "b")]);
console.log(JSON.stringify(rows));
db.close();`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, TZ: "Asia/Tokyo" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(child.stderr).toBe("");
    const utc = [{ tz: "UTC", h: "23" }];
    expect(JSON.parse(child.stdout)).toEqual([utc, utc, utc]);
  });
});
