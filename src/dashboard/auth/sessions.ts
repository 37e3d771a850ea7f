/**
 * Browser sessions of the dashboard, kept in the store (so they survive a restart and several servers
 * sharing one PostgreSQL store accept each other's sessions).
 *
 * The cookie carries a random 32-byte value; the store keeps only its SHA-256, so a copy of the store
 * gives no session. The CSRF token of a session is derived from the same value (HMAC-like hash with a
 * different label), so it is never stored either and cannot be computed without the cookie, which
 * scripts cannot read (HttpOnly) and other sites do not send (SameSite=Strict).
 *
 * Written by hand: a session table and two hashes are less code than adapting a session library to two
 * store engines; comparison is constant-time (node:crypto timingSafeEqual).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../store/schema.ts";

export type Role = "admin" | "viewer";

interface DashboardSessionsTable {
  id_hash: string;
  subject: string;
  role: Role;
  method: "token" | "oidc";
  token_id: number | null;
  /** Epoch milliseconds (one column type on every store engine). */
  created_ms: number;
  last_seen_ms: number;
  expires_ms: number;
}

type SessionDatabase = Database & { dashboard_sessions: DashboardSessionsTable };

export interface Session {
  subject: string;
  role: Role;
  method: "token" | "oidc";
  /** The value of the session cookie (only in memory, for this request). */
  cookie: string;
  csrf: string;
  expiresAt: Date;
}

const hash = (label: string, value: string) => createHash("sha256").update(`${label}:${value}`).digest("base64url");

/** The CSRF token of the session whose cookie value is given. */
export function csrfToken(cookie: string): string {
  return hash("lakeward-csrf", cookie);
}

/** Constant-time comparison of two tokens (false when either is missing). */
export function sameToken(a: string | undefined | null, b: string | undefined | null): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export interface SessionOptions {
  /** Idle time after which a session ends. */
  idleMs: number;
  /** Longest life of a session, however active. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_OPTIONS: SessionOptions = { idleMs: 8 * 3_600_000, absoluteMs: 24 * 3_600_000 };

export class SessionStore {
  private readonly db: Kysely<SessionDatabase>;
  private readonly options: SessionOptions;

  constructor(db: Kysely<Database>, options: SessionOptions = DEFAULT_SESSION_OPTIONS) {
    this.db = db as unknown as Kysely<SessionDatabase>;
    this.options = options;
  }

  async create(
    who: { subject: string; role: Role; method: "token" | "oidc"; tokenId?: number },
    now: Date,
  ): Promise<Session> {
    const cookie = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + Math.min(this.options.idleMs, this.options.absoluteMs));
    await this.db
      .insertInto("dashboard_sessions")
      .values({
        id_hash: hash("lakeward-session", cookie),
        subject: who.subject,
        role: who.role,
        method: who.method,
        token_id: who.tokenId ?? null,
        created_ms: now.getTime(),
        last_seen_ms: now.getTime(),
        expires_ms: expiresAt.getTime(),
      })
      .execute();
    return { ...who, cookie, csrf: csrfToken(cookie), expiresAt };
  }

  /**
   * The live session of a cookie value, or null. A session ends when idle too long, past its absolute
   * life, or when the API token it was opened with is revoked.
   */
  async find(cookie: string | undefined, now: Date): Promise<Session | null> {
    if (!cookie || !COOKIE_VALUE.test(cookie)) return null;
    const row = await this.db
      .selectFrom("dashboard_sessions as s")
      .leftJoin("api_tokens as t", "t.id", "s.token_id")
      .select(["s.subject", "s.role", "s.method", "s.created_ms", "s.last_seen_ms", "s.expires_ms", "t.revoked_at"])
      .where("s.id_hash", "=", hash("lakeward-session", cookie))
      .executeTakeFirst();
    if (!row) return null;
    const created = Number(row.created_ms);
    if (
      Number(row.expires_ms) <= now.getTime() ||
      created + this.options.absoluteMs <= now.getTime() ||
      row.revoked_at
    ) {
      await this.destroy(cookie);
      return null;
    }
    let expiresAt = new Date(Number(row.expires_ms));
    // Slide the idle expiry, at most once a minute (one write per active minute, not per request).
    if (now.getTime() - Number(row.last_seen_ms) > 60_000) {
      expiresAt = new Date(Math.min(now.getTime() + this.options.idleMs, created + this.options.absoluteMs));
      await this.db
        .updateTable("dashboard_sessions")
        .set({ last_seen_ms: now.getTime(), expires_ms: expiresAt.getTime() })
        .where("id_hash", "=", hash("lakeward-session", cookie))
        .execute();
    }
    return { subject: row.subject, role: row.role, method: row.method, cookie, csrf: csrfToken(cookie), expiresAt };
  }

  async destroy(cookie: string): Promise<void> {
    await this.db.deleteFrom("dashboard_sessions").where("id_hash", "=", hash("lakeward-session", cookie)).execute();
  }

  /** Deletes expired sessions; returns how many. */
  async sweep(now: Date): Promise<number> {
    const result = await this.db
      .deleteFrom("dashboard_sessions")
      .where("expires_ms", "<=", now.getTime())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
