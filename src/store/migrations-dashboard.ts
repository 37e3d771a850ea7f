/**
 * The dashboard's migration (its own file so the store's and the dashboard's migrations do not edit the
 * same lines): browser sessions. A session is found by the SHA-256 of its cookie value — the cookie value
 * itself, like an API token, is never stored.
 */
import { type Kysely, sql } from "kysely";
import type { Migration } from "kysely/migration";

export const dashboardSessions: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE dashboard_sessions (
  id_hash text PRIMARY KEY,
  subject text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'viewer')),
  method text NOT NULL CHECK (method IN ('token', 'oidc')),
  token_id bigint REFERENCES api_tokens(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
)`.execute(db);
    // expired sessions are swept by time
    await sql`CREATE INDEX dashboard_sessions_expiry ON dashboard_sessions (expires_at)`.execute(db);
  },
};
