/**
 * The load of bench:serve, run as a SECOND process (so the client's own work does not share the server's
 * event loop): signs in like a browser (the sign-in form with its CSRF token, then the session cookie) for
 * a page, or sends the API bearer token for an /api route, then runs autocannon with N connections for D
 * seconds and prints one JSON line with latency percentiles computed from every response's own time
 * (autocannon's summary has p97.5 but no p95).
 *
 *   node bench/serve/load.ts --url http://127.0.0.1:PORT --path / --token lw_… --connections 16 --duration 10
 */
import autocannon from "autocannon";
import { option } from "../support.ts";

const base = option("--url", "");
const path = option("--path", "/");
const token = option("--token", "");
const connections = Number(option("--connections", "16"));
const duration = Number(option("--duration", "10"));
if (!base || !token) {
  console.error("load.ts: give --url and --token");
  process.exit(2);
}

/** The dashboard's sign-in: GET /login for the form's CSRF token and its cookie, POST it with the token. */
async function signIn(): Promise<string> {
  const form = await fetch(`${base}/login`);
  const csrf = /name="csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  const loginCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
  if (!csrf) throw new Error(`GET /login: no CSRF token in the form (status ${form.status})`);
  const posted = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie },
    body: new URLSearchParams({ csrf, token, next: "/" }),
  });
  const session = posted.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => !c.endsWith("="));
  if (posted.status !== 303 || !session) throw new Error(`POST /login answered ${posted.status} without a session`);
  return session;
}

const headers: Record<string, string> = path.startsWith("/api/")
  ? { authorization: `Bearer ${token}` }
  : { cookie: await signIn() };

// One request first: it must succeed, or the figures would be those of an error page.
const probe = await fetch(`${base}${path}`, { headers, redirect: "manual" });
const probeBytes = (await probe.arrayBuffer()).byteLength;
if (probe.status !== 200) throw new Error(`GET ${path} answered ${probe.status}`);

const times: number[] = [];
const statuses = new Map<number, number>();
let finished: (result: autocannon.Result) => void = () => {};
const done = new Promise<autocannon.Result>((resolve) => {
  finished = resolve;
});
const instance = autocannon({ url: `${base}${path}`, connections, duration, headers, timeout: 30 }, (error, result) => {
  if (error) throw error;
  finished(result);
});
instance.on("response", (_client, status, _bytes, ms) => {
  times.push(ms);
  statuses.set(status, (statuses.get(status) ?? 0) + 1);
});
const result = await done;
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.max(0, Math.ceil((p / 100) * times.length) - 1))] ?? 0;
console.log(
  JSON.stringify({
    path,
    connections,
    duration,
    requests: times.length,
    rps: Math.round((times.length / duration) * 10) / 10,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    max: times.at(-1) ?? 0,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses: Object.fromEntries(statuses),
    bytes: probeBytes,
  }),
);
