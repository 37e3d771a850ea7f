/**
 * Opening a store: the embedded engine (Node's built-in node:sqlite, one file DATA_DIR/store.sqlite, no
 * server to install) or a PostgreSQL server (`postgres://…`, through `pg`). Both sit behind Kysely with
 * one set of queries; what differs between the dialects is in dialect.ts and sqlite.ts (docs/serve.md
 * says why node:sqlite over PGlite). Migrations are applied here, before anything else reads the store.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { Kysely, PostgresDialect } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { InputError } from "../errors.ts";
import { scrubSecrets } from "../redact/fingerprint.ts";
import { migrationProvider } from "./migrations.ts";
import type { Database } from "./schema.ts";
import { NodeSqliteDialect, openSqliteFile } from "./sqlite.ts";

export type StoreEngine = "embedded" | "postgres";

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: StoreEngine;
  /** Where it is, for messages: the directory, or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

/**
 * One `serve` per embedded store: SQLite takes one writer at a time, and two servers would both run every
 * schedule. The lock is an exclusive SQLite lock on a side file (DATA_DIR/store.lock), held by an open
 * connection for the life of the process: the kernel drops it when the process ends however it ends
 * (kill -9 included), so a stale lock never needs taking over. Readers (`lakeward history`) do not take it.
 */
function lockWriter(dataDir: string): () => void {
  const file = join(dataDir, "store.lock");
  const pidFile = join(dataDir, "store.lock.pid");
  const lock = new DatabaseSync(file, { timeout: 0 });
  try {
    lock.exec("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE;");
  } catch (error) {
    lock.close();
    if (!/locked|busy/i.test(error instanceof Error ? error.message : String(error))) throw error;
    let pid = "";
    try {
      pid = readFileSync(pidFile, "utf8").trim();
    } catch {}
    throw new InputError(
      `${dataDir}: the embedded store is in use by another lakeward serve${/^\d+$/.test(pid) ? ` (pid ${pid})` : ""}`,
      "One server per embedded store: stop the other one, or run several servers on one PostgreSQL store " +
        "(--store postgres://…). lakeward history can read the embedded store while serve runs.",
    );
  }
  writeFileSync(pidFile, String(process.pid));
  return () => {
    if (!lock.isOpen) return;
    rmSync(pidFile, { force: true });
    lock.close();
  };
}

async function openEmbedded(dataDir: string, writer: boolean): Promise<OpenedDatabase> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, "store.sqlite");
  const unlock = writer ? lockWriter(dataDir) : () => {};
  let database: DatabaseSync;
  try {
    database = openSqliteFile(file);
  } catch (error) {
    unlock();
    throw new InputError(`${file}: cannot open the embedded store (${error instanceof Error ? error.message : error})`);
  }
  const db = new Kysely<Database>({ dialect: new NodeSqliteDialect(database) });
  return {
    db,
    engine: "embedded",
    location: file,
    close: async () => {
      await db.destroy();
      unlock();
    },
  };
}

/** The URL for messages: no password, ever. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable store URL)";
  }
}

async function openPostgres(url: string): Promise<OpenedDatabase> {
  const types = {
    getTypeParser: (oid: number, format?: string) =>
      // int8 (bigserial ids, counts) as numbers: ids stay far below 2^53.
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as "text"),
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 8,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 60_000,
    types,
  });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(
      `--store ${redactUrl(url)}: cannot connect (${scrubSecrets(message, [new URL(url).password].filter(Boolean))})`,
      "Check the host, port, database and credentials (PGPASSWORD or the URL), and that the server accepts connections.",
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, engine: "postgres", location: redactUrl(url), close: () => db.destroy() };
}

/** Opens the store named by --store (a postgres:// URL) or the embedded one in --data-dir, and migrates it. */
export interface OpenOptions {
  store?: string;
  dataDir: string;
  /**
   * Open the embedded store as its one writing server (`serve`): refused while another holds it. Readers
   * (`history`) pass false. No effect on PostgreSQL, which any number of servers share. Default true.
   */
  writer?: boolean;
}

export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  let opened: OpenedDatabase;
  if (options.store) {
    if (!/^postgres(ql)?:\/\//.test(options.store))
      throw new InputError(
        `--store ${redactUrl(options.store)}: not a PostgreSQL URL`,
        "Give postgres://USER@HOST:PORT/DATABASE, or leave --store out for the embedded store in --data-dir.",
      );
    opened = await openPostgres(options.store);
  } else opened = await openEmbedded(options.dataDir, options.writer ?? true);
  try {
    const { error, results } = await new Migrator({
      db: opened.db,
      provider: migrationProvider,
      // Engineers number migrations in parallel (0003 is the dashboard's, 0004 the rollup): a store that
      // applied a later number first still takes an earlier one that lands after.
      allowUnorderedMigrations: true,
    }).migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === "Error")?.migrationName ?? "?";
      throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}
