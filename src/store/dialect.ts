/**
 * Where the store's two engines (SQLite embedded, PostgreSQL for teams) speak different SQL. Queries are
 * Kysely and portable SQL (CAST(… AS integer), correlated subqueries, window functions, FILTER); the few
 * things that differ go through these helpers, which pick the engine from the Kysely instance itself, so
 * a query function needs nothing but its `db`.
 */
import { type Expression, type Kysely, type RawBuilder, SqliteAdapter, sql } from "kysely";

export type SqlEngine = "sqlite" | "postgres";

export function sqlEngine(db: Kysely<unknown> | Kysely<never> | { getExecutor(): { adapter: unknown } }): SqlEngine {
  return (db as { getExecutor(): { adapter: unknown } }).getExecutor().adapter instanceof SqliteAdapter
    ? "sqlite"
    : "postgres";
}

type Db = Parameters<typeof sqlEngine>[0];

/** The UTC day of a timestamp as a whole number of days since 1970-01-01 (portable day buckets). */
export function utcDayNumber(db: Db, time: Expression<unknown> | RawBuilder<unknown>): RawBuilder<number> {
  return sqlEngine(db) === "sqlite"
    ? sql<number>`(unixepoch(${time}) / 86400)`
    : sql<number>`CAST(floor(extract(epoch FROM ${time}) / 86400) AS integer)`;
}

/** Seconds since the epoch of a timestamp (fractional). */
export function epochSeconds(db: Db, time: Expression<unknown> | RawBuilder<unknown>): RawBuilder<number> {
  return sqlEngine(db) === "sqlite"
    ? sql<number>`unixepoch(${time}, 'subsec')`
    : sql<number>`extract(epoch FROM ${time})::float8`;
}

/** Does the JSON array in `column` hold the string `value`? */
export function jsonArrayContains(db: Db, column: RawBuilder<unknown>, value: string): RawBuilder<boolean> {
  return sqlEngine(db) === "sqlite"
    ? sql<boolean>`EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ${value})`
    : sql<boolean>`${column} @> ${JSON.stringify([value])}::jsonb`;
}

/** The larger of two values (NULL when either is NULL on SQLite, ignored on PostgreSQL: give non-null ones). */
export function greatest(
  db: Db,
  a: Expression<unknown> | RawBuilder<unknown>,
  b: Expression<unknown> | RawBuilder<unknown>,
): RawBuilder<unknown> {
  return sqlEngine(db) === "sqlite" ? sql`max(${a}, ${b})` : sql`greatest(${a}, ${b})`;
}

/**
 * The migrations are written once, in PostgreSQL's DDL; for SQLite each statement is translated where the
 * two truly differ: serial keys, bytea, and covering-index INCLUDE lists (SQLite has none). Declared types
 * stay as written — `timestamptz`, `jsonb`, `boolean` are what the SQLite adapter converts by (sqlite.ts).
 * Anything PostgreSQL-only this does not know is refused, so a new migration cannot slip through untranslated.
 */
export function sqliteDdl(statement: string): string {
  const translated = statement
    .replace(/\bbigserial PRIMARY KEY\b/gi, "integer PRIMARY KEY AUTOINCREMENT")
    .replace(/\bbytea\b/gi, "blob")
    .replace(/\s+INCLUDE\s*\([^)]*\)/gi, "");
  const unknown = /::|\bLATERAL\b|\bDISTINCT ON\b|\bdate_trunc\b|\bUSING gin\b|\bserial\b/i.exec(translated);
  if (unknown) throw new Error(`migration: no SQLite translation for "${unknown[0]}" in: ${statement.slice(0, 120)}`);
  return translated;
}
