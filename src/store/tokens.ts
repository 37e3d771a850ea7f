/**
 * API tokens. A token is `lw_<id>_<secret>`: the id (random, 10 characters) finds the row, the secret is
 * checked against a scrypt hash (node:crypto; salt and parameters stored with it). The token itself is
 * never stored, logged or shown again after it is created.
 */
import { randomBytes, scryptSync, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "./schema.ts";

export type TokenRole = "admin" | "read";

const N = 16_384;
const R = 8;
const P = 1;

function hashSecret(secret: string, salt = randomBytes(16)): string {
  const key = scryptSync(secret, salt, 32, { N, r: R, p: P });
  return `scrypt$${N}$${R}$${P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, key] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = scryptSync(secret, Buffer.from(salt, "base64url"), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const TOKEN = /^lw_([A-Za-z0-9]{10})_([A-Za-z0-9_-]{20,200})$/;

export function generateToken(): { token: string; prefix: string; secret: string } {
  const prefix = randomBytes(8)
    .toString("base64url")
    .replace(/[^A-Za-z0-9]/g, "")
    .padEnd(10, "0")
    .slice(0, 10);
  const secret = randomBytes(24).toString("base64url");
  return { token: `lw_${prefix}_${secret}`, prefix, secret };
}

export class TokenStore {
  private readonly db: Kysely<Database>;
  /** Verified tokens, so a request does not pay scrypt each time (kept in memory only, by the full token). */
  private readonly cache = new Map<string, { id: number; name: string; role: TokenRole; until: number }>();
  constructor(db: Kysely<Database>) {
    this.db = db;
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom("api_tokens")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("revoked_at", "is", null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Stores a token (the given one, e.g. LAKEWARD_ADMIN_TOKEN, or a new one) and returns it: the only time it is seen. */
  async create(name: string, role: TokenRole, now: Date, given?: string): Promise<string> {
    let prefix: string;
    let secret: string;
    let token: string;
    if (given !== undefined) {
      const match = TOKEN.exec(given);
      if (match) {
        prefix = match[1]!;
        secret = match[2]!;
        token = given;
      } else {
        // Any other string of 20+ characters works too: its first 10 characters' hash finds it.
        if (given.length < 20) throw new Error("an API token needs at least 20 characters");
        prefix = `x${hashSecret(given.slice(0, 10), Buffer.from("lakeward-prefix")).slice(-9)}`;
        secret = given;
        token = given;
      }
    } else ({ token, prefix, secret } = generateToken());
    await this.db
      .insertInto("api_tokens")
      .values({ name, role, hash: hashSecret(secret), prefix, created_at: now })
      .onConflict((oc) => oc.column("prefix").doUpdateSet({ name, role, hash: hashSecret(secret), revoked_at: null }))
      .execute();
    return token;
  }

  /** The token's name and role, or null when it is unknown or revoked. */
  async verify(token: string, now: Date): Promise<{ id: number; name: string; role: TokenRole } | null> {
    const cached = this.cache.get(token);
    if (cached && cached.until > now.getTime()) return { id: cached.id, name: cached.name, role: cached.role };
    const match = TOKEN.exec(token);
    let prefix: string;
    let secret: string;
    if (match) {
      prefix = match[1]!;
      secret = match[2]!;
    } else {
      if (token.length < 20 || token.length > 400) return null;
      prefix = `x${hashSecret(token.slice(0, 10), Buffer.from("lakeward-prefix")).slice(-9)}`;
      secret = token;
    }
    const row = await this.db
      .selectFrom("api_tokens")
      .selectAll()
      .where("prefix", "=", prefix)
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    if (!row || !verifySecret(secret, row.hash)) return null;
    await this.db.updateTable("api_tokens").set({ last_used_at: now }).where("id", "=", row.id).execute();
    if (this.cache.size > 1000) this.cache.clear();
    this.cache.set(token, { id: row.id, name: row.name, role: row.role, until: now.getTime() + 60_000 });
    return { id: row.id, name: row.name, role: row.role };
  }

  /** Every token (never its secret): name, role, the id part of the token, when made, last used, revoked. */
  async list(): Promise<TokenInfo[]> {
    const rows = await this.db
      .selectFrom("api_tokens")
      .select(["id", "name", "role", "prefix", "created_at", "last_used_at", "revoked_at"])
      .orderBy("id")
      .limit(10_000)
      .execute();
    const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);
    return rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      role: r.role,
      prefix: r.prefix,
      createdAt: iso(r.created_at)!,
      lastUsedAt: iso(r.last_used_at),
      revokedAt: iso(r.revoked_at),
    }));
  }

  /** Revokes the tokens of that name or id part (sessions signed in with them end too); how many. */
  async revoke(nameOrPrefix: string, now: Date): Promise<number> {
    const result = await this.db
      .updateTable("api_tokens")
      .set({ revoked_at: now })
      .where((eb) => eb.or([eb("name", "=", nameOrPrefix), eb("prefix", "=", nameOrPrefix)]))
      .where("revoked_at", "is", null)
      .executeTakeFirst();
    this.cache.clear();
    return Number(result.numUpdatedRows);
  }
}

export interface TokenInfo {
  id: number;
  name: string;
  role: TokenRole;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
