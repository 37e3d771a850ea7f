/**
 * The dashboard's migration (its own file so the store's and the dashboard's migrations do not edit the
 * same lines): browser sessions. A session is found by the SHA-256 of its cookie value — the cookie value
 * itself, like an API token, is never stored. Written with Kysely's schema builder and times as epoch
 * milliseconds, so the same DDL runs on every store engine.
 */
import { type Kysely, sql } from "kysely";
import type { Migration } from "kysely/migration";

export const dashboardSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable("dashboard_sessions")
      .addColumn("id_hash", "text", (c) => c.primaryKey())
      .addColumn("subject", "text", (c) => c.notNull())
      .addColumn("role", "text", (c) => c.notNull().check(sqlIn("role", ["admin", "viewer"])))
      .addColumn("method", "text", (c) => c.notNull().check(sqlIn("method", ["token", "oidc"])))
      .addColumn("token_id", "bigint")
      .addColumn("created_ms", "bigint", (c) => c.notNull())
      .addColumn("last_seen_ms", "bigint", (c) => c.notNull())
      .addColumn("expires_ms", "bigint", (c) => c.notNull())
      .execute();
    // expired sessions are swept by time
    await db.schema.createIndex("dashboard_sessions_expiry").on("dashboard_sessions").column("expires_ms").execute();
  },
};

function sqlIn(column: string, values: string[]) {
  return sql`${sql.ref(column)} IN (${sql.join(values.map((v) => sql.lit(v)))})`;
}
