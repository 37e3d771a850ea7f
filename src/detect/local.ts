/**
 * The embedded DuckDB database of a local detection run: one in-memory instance holding the normalised
 * `audit` table (schema.ts), the ingest macros, and a `query` that returns every cell as text or null —
 * exactly what the Statement Execution API returns in JSON_ARRAY form, so the two paths feed the same
 * alert builder.
 */
import { availableParallelism } from "node:os";
import { DuckDBInstance } from "@duckdb/node-api";
import { DUCKDB, LOCAL_AUDIT_TABLE } from "./dialect.ts";
import type { Executor } from "./engine.ts";
import { INGEST_MACROS } from "./ingest/formats.ts";
import { auditTableDdl } from "./schema.ts";

export type Row = Record<string, string | null>;

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A DuckDB value (as its JSON form) as the text a JSON_ARRAY result would carry. */
export function cellText(value: JsonValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

export interface LocalDatabaseOptions {
  /** DuckDB worker threads; default: DuckDB's (all cores). */
  threads?: number;
  /** e.g. "4GB"; default: DuckDB's (80% of RAM). */
  memoryLimit?: string;
}

type Connection = Awaited<ReturnType<DuckDBInstance["connect"]>>;

/**
 * Detection statements the local executor runs at once, each on its own connection. Most detections read
 * a few hundred thousand stored events — one or two of DuckDB's row groups — so a single statement keeps
 * about one core busy; two or more at a time use the others. More than the cores only adds contention.
 */
export const LOCAL_QUERY_CONCURRENCY = Math.max(2, Math.min(4, availableParallelism()));

interface TextTable {
  columns: string[];
  types: string[];
  rows: (string | null)[][];
}

async function readTable(connection: Connection, sql: string): Promise<TextTable> {
  const reader = await connection.runAndReadAll(sql);
  const rows = (reader.getRowsJson() as JsonValue[][]).map((row) => row.map(cellText));
  return { columns: reader.columnNames(), types: reader.columnTypes().map((type) => type.toString()), rows };
}

function textRows({ columns, rows }: TextTable): Row[] {
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] ?? null])));
}

export class LocalDatabase {
  private readonly instance: DuckDBInstance;
  private readonly connection: Connection;
  /** Extra connections for read-only statements run side by side (executor()); opened when first needed. */
  private readonly readers: Connection[] = [];
  private readonly idleReaders: Connection[] = [];
  private readonly waiting: ((connection: Connection) => void)[] = [];
  private openingReaders = 0;

  private constructor(instance: DuckDBInstance, connection: Connection) {
    this.instance = instance;
    this.connection = connection;
  }

  static async open(options: LocalDatabaseOptions = {}): Promise<LocalDatabase> {
    const config: Record<string, string> = {};
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    const instance = await DuckDBInstance.create(":memory:", config);
    const connection = await instance.connect();
    const db = new LocalDatabase(instance, connection);
    await db.run("SET TimeZone = 'UTC'");
    // Rows need no order (every detection sorts explicitly); keeping file order costs about half the load
    // time and memory.
    await db.run("SET preserve_insertion_order = false");
    for (const macro of INGEST_MACROS) await db.run(macro);
    await db.run(auditTableDdl(LOCAL_AUDIT_TABLE));
    return db;
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Rows as objects of JSON values (numbers stay numbers; BIGINTs arrive as text). */
  async rows(sql: string): Promise<Record<string, JsonValue>[]> {
    const reader = await this.connection.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, JsonValue>[];
  }

  /** Column names and rows with every cell as text (or null). */
  async table(sql: string): Promise<TextTable> {
    return readTable(this.connection, sql);
  }

  async query(sql: string): Promise<Row[]> {
    return textRows(await this.table(sql));
  }

  /**
   * The detection executor over this database: statements run on up to LOCAL_QUERY_CONCURRENCY reader
   * connections at once. They read the `audit` table (or the event cache's view of it), which lives in the
   * shared catalog, so every connection sees the same rows; the settings a statement depends on are set on
   * each reader as on the main connection. Only for SELECTs over shared tables: a temporary table of the
   * main connection is not visible to the readers.
   */
  executor(): Executor {
    return {
      dialect: DUCKDB,
      concurrency: LOCAL_QUERY_CONCURRENCY,
      query: async (sql) => {
        const connection = await this.acquireReader();
        try {
          return textRows(await readTable(connection, sql));
        } finally {
          this.releaseReader(connection);
        }
      },
    };
  }

  private async acquireReader(): Promise<Connection> {
    const idle = this.idleReaders.pop();
    if (idle) return idle;
    // Counted before the connection is awaited: callers arriving meanwhile must not open more.
    if (this.openingReaders + this.readers.length < LOCAL_QUERY_CONCURRENCY) {
      this.openingReaders++;
      let connection: Connection;
      try {
        connection = await this.instance.connect();
      } finally {
        this.openingReaders--;
      }
      this.readers.push(connection);
      await connection.run("SET TimeZone = 'UTC'");
      return connection;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private releaseReader(connection: Connection): void {
    const next = this.waiting.shift();
    if (next) next(connection);
    else this.idleReaders.push(connection);
  }

  close(): void {
    for (const reader of this.readers) reader.closeSync();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
