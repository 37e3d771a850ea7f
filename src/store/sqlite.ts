/**
 * Kysely over Node's built-in `node:sqlite` (DatabaseSync): the embedded store's engine. Kysely ships the
 * SQLite dialect (query compiler, adapter, migrations); what it lacks is a driver for node:sqlite — its
 * SqliteDriver expects better-sqlite3's statement API — and the registry has no well-kept node:sqlite
 * dialect, so this thin adapter is written here. It does four things the PostgreSQL driver does for us
 * on the other engine:
 *
 *  - values in: a Date is bound as its ISO-8601 text (`toISOString()`, so text order is time order), a
 *    boolean as 1/0;
 *  - values out, by the column's declared type (`StatementSync.columns()`, which follows a column through
 *    aliases, joins and subqueries): `timestamptz` → Date, `jsonb` → parsed JSON, `boolean` → boolean —
 *    the same JavaScript values `pg` returns, so one set of queries serves both engines. Computed values
 *    (`max(at)`, `count(*)`) have no declared type and come back as SQLite stores them;
 *  - row locks: `FOR UPDATE` / `SKIP LOCKED` are left out — SQLite locks the whole database for a write
 *    transaction, so a transaction already holds everything a row lock would;
 *  - transactions begin IMMEDIATE (the write lock is taken at BEGIN, so a transaction never fails halfway
 *    on a lock upgrade), and migrations run in a transaction (SQLite's DDL is transactional).
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SelectModifierNode,
  SqliteAdapter,
  SqliteDialect,
  SqliteQueryCompiler,
} from "kysely";

/** Declared column types the adapter converts on the way out (the migrations declare them). */
type Conversion = "time" | "json" | "boolean";
const CONVERSIONS: Record<string, Conversion> = { timestamptz: "time", jsonb: "json", boolean: "boolean" };

const LOCK_MODIFIERS = new Set(["ForUpdate", "ForNoKeyUpdate", "ForShare", "ForKeyShare", "NoWait", "SkipLocked"]);

class NodeSqliteQueryCompiler extends SqliteQueryCompiler {
  protected override visitSelectModifier(node: SelectModifierNode): void {
    if (node.modifier && LOCK_MODIFIERS.has(node.modifier)) return;
    super.visitSelectModifier(node);
  }
}

class NodeSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

function bindable(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "boolean") return value ? 1 : 0;
  if (value === undefined) return null;
  return value;
}

interface Prepared {
  statement: StatementSync;
  reader: boolean;
  conversions: [string, Conversion][];
}

function convert(row: Record<string, unknown>, conversions: [string, Conversion][]): Record<string, unknown> {
  for (const [name, conversion] of conversions) {
    const value = row[name];
    if (value === null || value === undefined) continue;
    if (conversion === "time") row[name] = new Date(value as string);
    else if (conversion === "json") row[name] = typeof value === "string" ? JSON.parse(value) : value;
    else row[name] = value === 1 || value === 1n || value === true;
  }
  return row;
}

class NodeSqliteConnection implements DatabaseConnection {
  private readonly database: DatabaseSync;
  /** Prepared statements by SQL text: the store asks the same few hundred queries again and again. */
  private readonly cache = new Map<string, Prepared>();

  constructor(database: DatabaseSync) {
    this.database = database;
  }

  private prepare(sql: string): Prepared {
    let prepared = this.cache.get(sql);
    if (prepared) return prepared;
    const statement = this.database.prepare(sql);
    const columns = statement.columns();
    const conversions: [string, Conversion][] = [];
    for (const column of columns) {
      const conversion = column.type ? CONVERSIONS[column.type.toLowerCase()] : undefined;
      if (conversion) conversions.push([column.name, conversion]);
    }
    prepared = { statement, reader: columns.length > 0, conversions };
    if (this.cache.size >= 500) this.cache.clear();
    this.cache.set(sql, prepared);
    return prepared;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { statement, reader, conversions } = this.prepare(compiledQuery.sql);
    const parameters = compiledQuery.parameters.map(bindable) as Parameters<StatementSync["run"]>;
    if (reader) {
      const rows = statement.all(...parameters) as Record<string, unknown>[];
      if (conversions.length) for (const row of rows) convert(row, conversions);
      return { rows: rows as R[] };
    }
    const { changes, lastInsertRowid } = statement.run(...parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  // biome-ignore lint/correctness/useYield: the store never streams; Kysely's interface requires the method.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("the embedded store does not stream query results");
  }
}

class NodeSqliteDriver implements Driver {
  private readonly database: DatabaseSync;
  private readonly connection: NodeSqliteConnection;
  /**
   * One connection, handed out in turn: a transaction spans awaits, and any other query run on the one
   * connection meanwhile would land inside it (Kysely's own SqliteDriver does the same with a mutex).
   */
  private tail: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  constructor(database: DatabaseSync) {
    this.database = database;
    this.connection = new NodeSqliteConnection(database);
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await before;
    this.release = release;
    return this.connection;
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }
  async releaseConnection(): Promise<void> {
    const release = this.release;
    this.release = undefined;
    release?.();
  }
  async destroy(): Promise<void> {
    await this.tail;
    if (this.database.isOpen) this.database.close();
  }
}

export interface NodeSqliteOptions {
  /** How long a statement waits for another process's write lock before failing (ms). */
  busyTimeoutMs?: number;
}

/**
 * Opens the SQLite file in WAL mode (readers in other processes — `lakeward history` — never wait for the
 * writer, nor the writer for them) with foreign keys on and synchronous=NORMAL: a commit survives the
 * process being killed (kill -9); a power cut may lose the last commits, never consistency.
 */
export function openSqliteFile(file: string, options: NodeSqliteOptions = {}): DatabaseSync {
  const database = new DatabaseSync(file, {
    enableForeignKeyConstraints: true,
    timeout: options.busyTimeoutMs ?? 10_000,
  });
  database.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  return database;
}

export class NodeSqliteDialect extends SqliteDialect {
  private readonly database: DatabaseSync;
  constructor(database: DatabaseSync) {
    super({ database: { close: () => database.close(), prepare: () => unusable() } });
    this.database = database;
  }
  override createDriver(): Driver {
    return new NodeSqliteDriver(this.database);
  }
  override createQueryCompiler(): SqliteQueryCompiler {
    return new NodeSqliteQueryCompiler();
  }
  override createAdapter(): SqliteAdapter {
    return new NodeSqliteAdapter();
  }
}

function unusable(): never {
  throw new Error("NodeSqliteDialect: the base driver is not used");
}
