/**
 * What `lakeward serve` listens with: the /api/v1 API and /healthz (bearer tokens, src/serve/api.ts) and
 * the dashboard (sessions, everything else), behind one set of security headers — a strict
 * Content-Security-Policy (only this server's own script, styles and images; no inline script, no
 * frames, forms only to itself), no sniffing, no referrer, no framing, HSTS over TLS — from Hono's
 * secure-headers middleware. TLS with a given certificate is the listener's (listen.ts).
 */
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { type DashboardOptions, dashboardApp } from "./app.ts";

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", "data:"],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

/** What the API app is to the server: something that answers a request (src/serve/api.ts's apiApp). */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export function serverApp(api: FetchApp, dashboard: DashboardOptions): Hono {
  const app = new Hono();
  app.use(
    "*",
    secureHeaders({
      contentSecurityPolicy: CONTENT_SECURITY_POLICY,
      strictTransportSecurity: dashboard.secure ? "max-age=31536000" : false,
      xFrameOptions: "DENY",
      // same-origin, not no-referrer: with no-referrer a browser sends `Origin: null` on its own form posts.
      referrerPolicy: "same-origin",
      crossOriginOpenerPolicy: "same-origin",
      crossOriginResourcePolicy: "same-origin",
      crossOriginEmbedderPolicy: false,
      xXssProtection: "0",
      permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
      removePoweredBy: true,
    }),
  );
  const pages = dashboardApp(dashboard);
  // The API answers its own paths (JSON, bearer tokens); the dashboard everything else.
  app.all("/api/*", (c) => api.fetch(c.req.raw, c.env));
  app.all("/healthz", (c) => api.fetch(c.req.raw, c.env));
  app.all("*", (c) => pages.fetch(c.req.raw, c.env));
  return app;
}
