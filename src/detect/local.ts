/**
 * The embedded DuckDB database of a local detection run: one in-memory instance holding the normalised
 * `audit` table (schema.ts), the ingest macros, and a `query` that returns every cell as text or null —
 * exactly what the Statement Execution API returns in JSON_ARRAY form, so the two paths feed the same
 * alert builder.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { LOCAL_AUDIT_TABLE } from "./dialect.ts";
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

export class LocalDatabase {
  private readonly instance: DuckDBInstance;
  private readonly connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;

  private constructor(instance: DuckDBInstance, connection: Awaited<ReturnType<DuckDBInstance["connect"]>>) {
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
  async table(sql: string): Promise<{ columns: string[]; types: string[]; rows: (string | null)[][] }> {
    const reader = await this.connection.runAndReadAll(sql);
    const rows = (reader.getRowsJson() as JsonValue[][]).map((row) => row.map(cellText));
    return { columns: reader.columnNames(), types: reader.columnTypes().map((type) => type.toString()), rows };
  }

  async query(sql: string): Promise<Row[]> {
    const { columns, rows } = await this.table(sql);
    return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] ?? null])));
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
