/**
 * Signing in and out of the dashboard, and the guards every page and form goes through.
 *
 * - Sign-in with an API token (the admin token set at first start, or a read token: viewer), checked
 *   against its scrypt hash by the store's TokenStore; or with OpenID Connect (oidc.ts).
 * - Failed sign-ins are rate-limited per client address with rate-limiter-flexible: 10 failures in
 *   15 minutes block that address for 15 minutes (429 with Retry-After).
 * - The session cookie is HttpOnly, SameSite=Strict, Secure (and __Host- prefixed) when served over TLS.
 * - Every state-changing request carries the session's CSRF token (a hidden form field); the sign-in form
 *   itself carries a token bound to a short-lived cookie (double submit), so no other site can sign a
 *   browser in as someone else. Requests a browser marks cross-site (Sec-Fetch-Site, or an Origin that is
 *   not ours) are refused before any of that.
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, Hono, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { html } from "../../reports/html/escape.ts";
import type { Store } from "../../store/index.ts";
import { errorPage, page } from "../layout.ts";
import type { OidcSignIn, OidcTransaction } from "./oidc.ts";
import { csrfToken, type Role, type Session, type SessionStore, sameToken } from "./sessions.ts";

export type DashboardEnv = { Variables: { session: Session | null } };

export interface AuthOptions {
  store: Store;
  sessions: SessionStore;
  /** Served over TLS: cookies are Secure and __Host- prefixed. */
  secure: boolean;
  oidc: OidcSignIn | null;
  /** The address users reach the server at (OIDC redirect URI); default: the request's origin. */
  publicUrl?: string;
  now: () => Date;
  /** Failed sign-ins allowed per address per 15 minutes (default 10). */
  loginAttempts?: number;
}

export function cookieNames(secure: boolean) {
  return secure
    ? { session: "__Host-lakeward", login: "__Host-lakeward-login", oidc: "__Host-lakeward-oidc" }
    : { session: "lakeward", login: "lakeward-login", oidc: "lakeward-oidc" };
}

/** A path on this server to go to after signing in; anything else (another origin, `//host`) is "/". */
export function safeNext(value: string | undefined | null): string {
  if (!value?.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  return /[\r\n]/.test(value) ? "/" : value.slice(0, 2000);
}

function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Refuses what a browser says comes from another site. */
export function crossSite(c: Context): boolean {
  // Fetch metadata first (every current browser sends it); the Origin header for the ones that do not.
  const site = c.req.header("sec-fetch-site");
  if (site) return site !== "same-origin" && site !== "none";
  const origin = c.req.header("origin");
  return origin !== undefined && origin !== new URL(c.req.url).origin;
}

export function refuse(c: Context<DashboardEnv>, status: 403 | 429, text: string, now: Date): Response {
  return c.html(errorPage({ session: c.get("session"), path: c.req.path, now }, status, "Refused", text), status);
}

/** Checks the CSRF token of a state-changing request against the session's; null when it is fine. */
export async function checkCsrf(c: Context<DashboardEnv>, now: Date): Promise<Response | null> {
  const session = c.get("session");
  if (crossSite(c)) return refuse(c, 403, "This request came from another site.", now);
  if (!session) return refuse(c, 403, "Sign in first.", now);
  const form = await c.req.parseBody();
  const given = typeof form.csrf === "string" ? form.csrf : c.req.header("x-csrf-token");
  if (!sameToken(given, session.csrf))
    return refuse(c, 403, "The form's security token is missing or stale: reload the page and try again.", now);
  return null;
}

export function sessionMiddleware(options: AuthOptions): MiddlewareHandler<DashboardEnv> {
  const names = cookieNames(options.secure);
  return async (c, next) => {
    const cookie = getCookie(c, names.session);
    c.set("session", await options.sessions.find(cookie, options.now()));
    await next();
  };
}

/** Pages need a session: without one, the sign-in page (then back). */
export function requireSession(): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (!c.get("session")) {
      const url = new URL(c.req.url);
      return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    await next();
  };
}

export function isAdmin(c: Context<DashboardEnv>): boolean {
  return c.get("session")?.role === "admin";
}

export function registerAuthRoutes(app: Hono<DashboardEnv>, options: AuthOptions): void {
  const names = cookieNames(options.secure);
  const limiter = new RateLimiterMemory({
    points: options.loginAttempts ?? 10,
    duration: 15 * 60,
    blockDuration: 15 * 60,
  });
  const cookieBase = { httpOnly: true, secure: options.secure, path: "/" } as const;

  const startSession = async (
    c: Context<DashboardEnv>,
    who: { subject: string; role: Role; method: "token" | "oidc"; tokenId?: number },
  ) => {
    const session = await options.sessions.create(who, options.now());
    setCookie(c, names.session, session.cookie, {
      ...cookieBase,
      sameSite: "Strict",
      expires: new Date(options.now().getTime() + 7 * 86_400_000),
    });
    return session;
  };

  const loginPage = (c: Context<DashboardEnv>, status: 200 | 401 | 429, message?: string) => {
    const nonce = csrfToken(crypto.randomUUID());
    setCookie(c, names.login, nonce, { ...cookieBase, sameSite: "Strict", maxAge: 3600 });
    const next = safeNext(c.req.query("next"));
    const body = html`<div class="login"><h1>Sign in to lakeward</h1>
${message ? html`<div class="flash flash-error" role="alert">${message}</div>` : ""}
<form method="post" action="/login" class="stack">
<input type="hidden" name="csrf" value="${nonce}">
<input type="hidden" name="next" value="${next}">
<label for="token">API token<input id="token" name="token" type="password" autocomplete="off" required minlength="20" maxlength="400" autofocus></label>
<button type="submit">Sign in</button>
</form>
<p class="muted">The admin token is set at the server's first start (LAKEWARD_ADMIN_TOKEN, or printed once). A read-only token signs in as a viewer.</p>
${options.oidc ? html`<p><a class="sso" href="/auth/oidc/start?next=${encodeURIComponent(next)}">${options.oidc.label}</a></p>` : ""}
</div>`;
    return c.html(
      page({ session: null, path: c.req.path, now: options.now() }, { title: "Sign in", nav: "none", body }),
      status,
    );
  };

  app.get("/login", (c) => (c.get("session") ? c.redirect(safeNext(c.req.query("next")), 303) : loginPage(c, 200)));

  app.post("/login", async (c) => {
    const now = options.now();
    if (crossSite(c)) return refuse(c, 403, "This request came from another site.", now);
    const key = clientAddress(c);
    const state = await limiter.get(key);
    if (state && state.remainingPoints <= 0) {
      c.header("Retry-After", String(Math.ceil(state.msBeforeNext / 1000)));
      return loginPage(
        c,
        429,
        `Too many failed sign-ins from ${key}: try again in ${Math.ceil(state.msBeforeNext / 60_000)} min.`,
      );
    }
    const form = await c.req.parseBody();
    if (!sameToken(typeof form.csrf === "string" ? form.csrf : null, getCookie(c, names.login)))
      return refuse(
        c,
        403,
        "The sign-in form's security token is missing or stale: reload the page and try again.",
        now,
      );
    const token = typeof form.token === "string" ? form.token.trim() : "";
    const verified = token.length >= 20 && token.length <= 400 ? await options.store.tokens.verify(token, now) : null;
    if (!verified) {
      await limiter.consume(key).catch(() => {});
      return loginPage(c, 401, "That token is not valid (or it was revoked).");
    }
    await limiter.delete(key);
    deleteCookie(c, names.login, cookieBase);
    await startSession(c, {
      subject: verified.name,
      role: verified.role === "admin" ? "admin" : "viewer",
      method: "token",
      tokenId: verified.id,
    });
    return c.redirect(safeNext(typeof form.next === "string" ? form.next : "/"), 303);
  });

  app.post("/logout", async (c) => {
    const refused = await checkCsrf(c, options.now());
    if (refused) return refused;
    await options.sessions.destroy(c.get("session")!.cookie);
    deleteCookie(c, names.session, cookieBase);
    return c.redirect("/login", 303);
  });

  const redirectUri = (c: Context) =>
    `${(options.publicUrl ?? new URL(c.req.url).origin).replace(/\/$/, "")}/auth/oidc/callback`;

  app.get("/auth/oidc/start", async (c) => {
    if (!options.oidc) return c.notFound();
    const { url, transaction } = await options.oidc.start(redirectUri(c), safeNext(c.req.query("next")));
    // Lax, not Strict: the provider sends the browser back with a cross-site navigation.
    setCookie(c, names.oidc, Buffer.from(JSON.stringify(transaction)).toString("base64url"), {
      ...cookieBase,
      sameSite: "Lax",
      maxAge: 600,
    });
    return c.redirect(url.href, 302);
  });

  app.get("/auth/oidc/callback", async (c) => {
    const now = options.now();
    if (!options.oidc) return c.notFound();
    const saved = getCookie(c, names.oidc);
    deleteCookie(c, names.oidc, cookieBase);
    let transaction: OidcTransaction;
    try {
      transaction = JSON.parse(Buffer.from(saved ?? "", "base64url").toString("utf8")) as OidcTransaction;
      if (typeof transaction.state !== "string" || typeof transaction.verifier !== "string") throw new Error("bad");
    } catch {
      return refuse(c, 403, "The sign-in took too long or was started elsewhere: start it again.", now);
    }
    const callback = new URL(c.req.url);
    if (options.publicUrl) {
      const base = new URL(options.publicUrl);
      callback.protocol = base.protocol;
      callback.host = base.host;
    }
    let identity: Awaited<ReturnType<OidcSignIn["finish"]>>;
    try {
      identity = await options.oidc.finish(callback, transaction);
    } catch (error) {
      const reason = error instanceof Error ? error.message.slice(0, 200) : "unknown error";
      return refuse(c, 403, `Single sign-on failed: ${reason}`, now);
    }
    if (!identity.role)
      return refuse(
        c,
        403,
        `${identity.subject} signed in, but has no lakeward role (ask for the admin or viewer app role).`,
        now,
      );
    await startSession(c, { subject: identity.subject, role: identity.role, method: "oidc" });
    // A page that moves on by itself: the SameSite=Strict cookie just set is not sent on a redirect that
    // began on the provider's site, but is on a navigation this page starts.
    const next = safeNext(transaction.next);
    return c.html(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${next}"><title>Signed in · lakeward</title></head><body><p>Signed in. <a href="${next}">Continue</a></p></body></html>`
        .value,
    );
  });
}
