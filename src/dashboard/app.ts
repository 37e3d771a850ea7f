/**
 * The dashboard of `lakeward serve`: server-rendered pages over the same store functions as the /api/v1
 * API (estate, workspace, check, findings with accept and CSV, setting history, detections, runs and
 * health), behind a sign-in (auth/routes.ts). Admins may accept findings and start runs; viewers read.
 */
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { ChannelHealth } from "../alerts/model.ts";
import type { Store } from "../store/index.ts";
import { storeVersion } from "../store/queries-dashboard.ts";
import { asset } from "./assets.ts";
import type { OidcSignIn } from "./auth/oidc.ts";
import {
  checkCsrf,
  crossSite,
  type DashboardEnv,
  isAdmin,
  refuse,
  registerAuthRoutes,
  requireSession,
  sessionMiddleware,
} from "./auth/routes.ts";
import { DEFAULT_SESSION_OPTIONS, SessionStore } from "./auth/sessions.ts";
import { RenderCache } from "./cache.ts";
import { errorPage, type PageContext, windowDays } from "./layout.ts";
import { checkPage, checksListPage } from "./pages/check.ts";
import { detectionsPage } from "./pages/detections.ts";
import { type EncodedEstate, encodedEstate, estatePage } from "./pages/estate.ts";
import { findingsCsv, findingsPage } from "./pages/findings.ts";
import { runsPage } from "./pages/runs.ts";
import { settingsPage } from "./pages/settings.ts";
import { workspacePage } from "./pages/workspace.ts";

export interface DashboardOptions {
  store: Store;
  /** Queues a run of a target now (the API's trigger); null when the target is unknown. */
  trigger(target: string, requestedBy: string): Promise<{ id: number; created: boolean } | null>;
  channelHealth?: () => Promise<ChannelHealth[]>;
  /** Served over TLS (Secure cookies). */
  secure: boolean;
  oidc?: OidcSignIn | null;
  publicUrl?: string;
  sessionHours?: number;
  now?: () => Date;
  loginAttempts?: number;
}

const FLASH: Record<string, { kind: "ok" | "error"; text: string }> = {
  accepted: { kind: "ok", text: "The finding is accepted until its expiry; it reopens by itself then." },
  queued: { kind: "ok", text: "The run is queued; this page shows it when it starts." },
  running: { kind: "ok", text: "A run of this target is already queued or running." },
};

export function dashboardApp(options: DashboardOptions): Hono<DashboardEnv> {
  const { store } = options;
  const now = () => options.now?.() ?? new Date();
  const hours = options.sessionHours ?? DEFAULT_SESSION_OPTIONS.idleMs / 3_600_000;
  const sessions = new SessionStore(store.db, {
    idleMs: hours * 3_600_000,
    absoluteMs: Math.max(hours * 3_600_000, DEFAULT_SESSION_OPTIONS.absoluteMs),
  });
  const app = new Hono<DashboardEnv>();

  app.get("/assets/:name", (c) => {
    const found = asset(c.req.param("name"));
    if (!found) return c.text("not found", 404);
    c.header("Content-Type", found.type);
    c.header("Cache-Control", c.req.query("v") === found.version ? "public, max-age=31536000, immutable" : "no-cache");
    return c.body(found.body);
  });

  const pages = new Hono<DashboardEnv>();
  // Forms are small; anything larger is refused before it is read.
  pages.use("*", bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text("request too large", 413) }));
  pages.use("*", sessionMiddleware({ store, sessions, secure: options.secure, oidc: options.oidc ?? null, now }));
  pages.use("*", async (c, next) => {
    await next();
    // Pages show the estate's security state: never kept by a shared cache.
    // On the response's headers, not c.header(): after the handler that re-creates the Response, which
    // makes the server copy (and, for a string, re-check and re-encode) the whole body on every request.
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
  });
  // Another site's form or fetch never reaches a handler, signed in or not (the CSRF token is checked after).
  pages.use("*", async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD" && crossSite(c))
      return refuse(c, 403, "This request came from another site.", now());
    await next();
  });
  registerAuthRoutes(pages, {
    store,
    sessions,
    secure: options.secure,
    oidc: options.oidc ?? null,
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
    now,
    ...(options.loginAttempts ? { loginAttempts: options.loginAttempts } : {}),
  });
  pages.use("*", requireSession());

  const context = (c: {
    get(key: "session"): DashboardEnv["Variables"]["session"];
    req: { url: string };
  }): PageContext => {
    const url = new URL(c.req.url);
    return { session: c.get("session"), path: url.pathname + url.search, now: now() };
  };
  const query = (url: string) => new URL(url).searchParams;
  const flash = (url: string) => FLASH[query(url).get("done") ?? ""] ?? null;

  // The estate page's content is the same for every viewer and costs hundreds of milliseconds at 200
  // workspaces: kept while the store's version and the minute stay the same (cache.ts).
  const estateCache = new RenderCache<EncodedEstate>();
  pages.get("/", async (c) => {
    const at = context(c);
    const q = query(c.req.url);
    const version = `${await storeVersion(store.db)}:${Math.floor(at.now.getTime() / 60_000)}`;
    const content = await estateCache.get(q.toString(), version, () =>
      encodedEstate(store, at.now, q, windowDays(c.req.query("days"))),
    );
    const chunks = estatePage(at, content);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    return c.body(body, 200, {
      "Content-Type": "text/html; charset=UTF-8",
      "Content-Length": String(chunks.reduce((n, chunk) => n + chunk.length, 0)),
    });
  });
  pages.get("/workspaces/:id{[0-9]+}", async (c) => {
    const html = await workspacePage(
      store,
      context(c),
      Number(c.req.param("id")),
      query(c.req.url),
      windowDays(c.req.query("days")),
    );
    return html
      ? c.html(html)
      : c.html(errorPage(context(c), 404, "No such workspace", "It may never have been scanned."), 404);
  });
  pages.get("/checks", async (c) => c.html(await checksListPage(store, context(c))));
  pages.get("/checks/:id", async (c) => {
    const html = await checkPage(
      store,
      context(c),
      c.req.param("id"),
      query(c.req.url),
      windowDays(c.req.query("days")),
    );
    return html
      ? c.html(html)
      : c.html(errorPage(context(c), 404, "No such check", "lakeward has no check with that id."), 404);
  });
  pages.get("/findings", async (c) =>
    c.html(await findingsPage(store, context(c), query(c.req.url), flash(c.req.url))),
  );
  pages.get("/findings.csv", async (c) => {
    const result = await findingsCsv(store, query(c.req.url), now());
    if ("error" in result) return c.text(result.error, 400);
    c.header("Content-Type", "text/csv; charset=utf-8");
    c.header("Content-Disposition", `attachment; filename="lakeward-findings-${now().toISOString().slice(0, 10)}.csv"`);
    return c.body(result.csv);
  });
  pages.post("/findings/:id{[0-9]+}/accept", async (c) => {
    const refused = await checkCsrf(c, now());
    if (refused) return refused;
    if (!isAdmin(c)) return refuse(c, 403, "Accepting a finding needs the admin role.", now());
    const form = await c.req.parseBody();
    const text = (name: string) => (typeof form[name] === "string" ? (form[name] as string).trim() : "");
    const owner = text("owner");
    const reason = text("reason");
    const expires = text("expires");
    const back = text("back").startsWith("/findings") ? text("back") : "/findings";
    const bad =
      !owner || owner.length > 200
        ? "Give the owner (at most 200 characters)."
        : reason.length < 10 || reason.length > 2000
          ? "Give a reason of 10 to 2000 characters."
          : !/^\d{4}-\d{2}-\d{2}$/.test(expires) || Date.parse(expires) < now().getTime() - 86_400_000
            ? "Give an expiry date in the future."
            : null;
    if (bad) return c.html(errorPage(context(c), 400, "Not accepted", bad), 400);
    const result = await store.acceptFinding(Number(c.req.param("id")), {
      owner,
      reason,
      expires,
      by: c.get("session")!.subject,
      at: now().toISOString(),
    });
    if (!result) return c.html(errorPage(context(c), 404, "No such finding", ""), 404);
    if (!result.ok)
      return c.html(errorPage(context(c), 409, "Not accepted", `A ${result.state} finding cannot be accepted.`), 409);
    const url = new URL(back, "http://x");
    url.searchParams.set("done", "accepted");
    return c.redirect(url.pathname + url.search, 303);
  });
  pages.get("/settings", async (c) => c.html(await settingsPage(store, context(c), query(c.req.url))));
  pages.get("/detections", async (c) =>
    c.html(await detectionsPage(store, context(c), query(c.req.url), windowDays(c.req.query("days")))),
  );
  pages.get("/runs", async (c) => c.html(await runsPage(store, context(c), options.channelHealth, flash(c.req.url))));
  pages.post("/runs", async (c) => {
    const refused = await checkCsrf(c, now());
    if (refused) return refused;
    if (!isAdmin(c)) return refuse(c, 403, "Starting a run needs the admin role.", now());
    const form = await c.req.parseBody();
    const target = typeof form.target === "string" ? form.target : "";
    const queued = await options.trigger(target, c.get("session")!.subject);
    if (!queued) return c.html(errorPage(context(c), 404, "No such target", `There is no target ${target}.`), 404);
    return c.redirect(`/runs?done=${queued.created ? "queued" : "running"}`, 303);
  });
  pages.notFound((c) => c.html(errorPage(context(c), 404, "Not found", "There is no such page."), 404));
  pages.onError((error, c) =>
    c.html(
      errorPage(
        context(c),
        500,
        "Something went wrong",
        `lakeward could not build this page: ${error.message.slice(0, 300)}`,
      ),
      500,
    ),
  );
  app.route("/", pages);
  return app;
}
