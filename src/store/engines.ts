/**
 * Opening a store: the embedded engine (PGlite: PostgreSQL compiled to WASM, one directory under the data
 * directory, no server to install) or a PostgreSQL server (`postgres://…`, through `pg`). Both speak the
 * same SQL, so the store has one set of migrations and queries (docs/serve.md says why PGlite over
 * node:sqlite). Migrations are applied here, before anything else reads the store.
 */
import { mkdir, open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from "kysely";
import { Migrator } from "kysely/migration";
import pg from "pg";
import { InputError } from "../errors.ts";
import { scrubSecrets } from "../redact/fingerprint.ts";
import { migrationProvider } from "./migrations.ts";
import type { Database } from "./schema.ts";

export type StoreEngine = "embedded" | "postgres";

export interface OpenedDatabase {
  db: Kysely<Database>;
  engine: StoreEngine;
  /** Where it is, for messages: the directory, or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

/**
 * PGlite has one session. A pool of one, handed out in turn, keeps two transactions from interleaving on
 * it (Kysely takes a connection per query or transaction and releases it after).
 */
function pglitePool(client: PGlite): PostgresPool {
  let tail: Promise<void> = Promise.resolve();
  return {
    options: {},
    async connect(): Promise<PostgresPoolClient> {
      let release!: () => void;
      const turn = new Promise<void>((resolve) => {
        release = resolve;
      });
      const before = tail;
      tail = tail.then(() => turn);
      await before;
      return {
        // Kysely's PostgresPoolClient.query is overloaded with a cursor form we never use.
        query: (async (text: string, parameters: readonly unknown[]) => {
          const result = await client.query(text, [...parameters]);
          const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? "SELECT";
          return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        }) as unknown as PostgresPoolClient["query"],
        release: () => release(),
      };
    },
    async end() {
      await tail;
    },
  };
}

/** Only one process may open an embedded store: PGlite's files are not safe for two writers. */
async function lockDirectory(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, "lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number((await readFile(file, "utf8").catch(() => "")).trim());
      let alive = false;
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
        try {
          process.kill(pid, 0);
          alive = true;
        } catch (probe) {
          alive = (probe as NodeJS.ErrnoException).code === "EPERM";
        }
      }
      if (alive)
        throw new InputError(
          `${dir}: the embedded store is in use by another lakeward process (pid ${pid})`,
          "Stop it first, or share a PostgreSQL store between processes with --store postgres://….",
        );
      // A lock left by a process that died (kill -9): take it over.
      await rm(file, { force: true });
    }
  }
  throw new InputError(`${dir}: could not lock the embedded store`);
}

async function openEmbedded(dataDir: string): Promise<OpenedDatabase> {
  const dir = join(dataDir, "store.pglite");
  await mkdir(dir, { recursive: true });
  const unlock = await lockDirectory(dataDir);
  let client: PGlite;
  try {
    client = await PGlite.create({ dataDir: dir });
  } catch (error) {
    await unlock();
    throw new InputError(`${dir}: cannot open the embedded store (${error instanceof Error ? error.message : error})`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: pglitePool(client) }) });
  return {
    db,
    engine: "embedded",
    location: dir,
    close: async () => {
      await db.destroy();
      await client.close();
      await unlock();
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
export async function openDatabase(options: { store?: string; dataDir: string }): Promise<OpenedDatabase> {
  let opened: OpenedDatabase;
  if (options.store) {
    if (!/^postgres(ql)?:\/\//.test(options.store))
      throw new InputError(
        `--store ${redactUrl(options.store)}: not a PostgreSQL URL`,
        "Give postgres://USER@HOST:PORT/DATABASE, or leave --store out for the embedded store in --data-dir.",
      );
    opened = await openPostgres(options.store);
  } else opened = await openEmbedded(options.dataDir);
  try {
    const { error, results } = await new Migrator({ db: opened.db, provider: migrationProvider }).migrateToLatest();
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
