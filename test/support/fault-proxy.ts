/**
 * A loopback fault proxy for tests: it stands in front of one origin (an emulator's workspace, account, ARM
 * or Graph listener), forwards what no rule matches, and answers matching requests the way a hostile or
 * broken server would: throttling storms with huge Retry-After, 5xx, connection resets, truncated and
 * non-JSON bodies, wrong content types, HTML error pages, empty/`null`/`[]` bodies, rewritten JSON (self-
 * pointing or off-host next links, echoed tokens), bodies that trickle, servers that never answer, and a
 * token that expires after N requests.
 *
 * It records every request it receives (method, path, query, whether it carried a credential — never the
 * value) and has a second listener, the *trap*, standing for "another origin": off-host links point there,
 * and a test asserts that `trap` received nothing.
 *
 *   const proxy = await startFaultProxy(emulator.workspaces[0].url, [
 *     { path: "/api/2.1/clusters/list", fault: { kind: "rewrite", json: (body) => ({ ...body, next_page_token: "x" }) } },
 *   ]);
 *   … scan proxy.url …; expect(proxy.trap.requests).toEqual([]); await proxy.close();
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault =
  /** Answer with this status (and optional body, content type, Retry-After) instead of forwarding. */
  | {
      kind: "status";
      status: number;
      body?: string | object;
      contentType?: string;
      retryAfter?: string;
      headers?: Record<string, string>;
    }
  /** Destroy the connection before any response. */
  | { kind: "reset" }
  /** Forward, but send only the first `bytes` of the body (default half), then destroy the connection. */
  | { kind: "truncate"; bytes?: number }
  /** Answer 200 (or `status`) with exactly this body text and content type. */
  | { kind: "body"; body: string; status?: number; contentType?: string }
  /** Forward, but with another content type. */
  | { kind: "content-type"; contentType: string }
  /** Forward, with the JSON body rewritten (may return a string to send verbatim). */
  | { kind: "rewrite"; json: (body: unknown, request: ProxiedRequest, proxy: FaultProxyInfo) => unknown }
  /** Forward, sending the body a few bytes at a time every `intervalMs`. */
  | { kind: "trickle"; intervalMs: number; bytes?: number }
  /** Accept the request and never answer. */
  | { kind: "hang" };

export interface FaultRule {
  /** Exact method (default any). */
  method?: string;
  /** URL path: exact, a glob with `*`, or a RegExp. */
  path: string | RegExp;
  /** Only requests whose query contains this text. */
  query?: string | RegExp;
  /** Let the first `after` matching requests through untouched (token expiry mid-scan: after=N, status 403). */
  after?: number;
  /** Apply to at most this many matching requests (after `after`). */
  times?: number;
  fault: Fault;
}

export interface ProxiedRequest {
  method: string;
  path: string;
  query: string;
  /** Host header the client sent. */
  host: string;
  hasAuthorization: boolean;
  /** The fault applied, if any ("status 429", "reset", …). */
  fault: string | undefined;
  status: number | undefined;
  at: number;
}

export interface FaultProxyInfo {
  /** The proxy's base URL (http://127.0.0.1:PORT). */
  url: string;
  /** The trap's base URL: "another origin". */
  trapUrl: string;
  /** The upstream origin. */
  target: string;
}

export interface FaultProxy extends FaultProxyInfo {
  requests: ProxiedRequest[];
  trap: { url: string; requests: ProxiedRequest[] };
  /** Replaces the rules (their counters start again). */
  setRules(rules: readonly FaultRule[]): void;
  close(): Promise<void>;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

interface LiveRule {
  rule: FaultRule;
  path: RegExp;
  matched: number;
}

const live = (rules: readonly FaultRule[]): LiveRule[] =>
  rules.map((rule) => ({
    rule,
    path: typeof rule.path === "string" ? globToRegExp(rule.path) : rule.path,
    matched: 0,
  }));

function pick(rules: LiveRule[], method: string, path: string, query: string): Fault | undefined {
  for (const entry of rules) {
    const { rule } = entry;
    if (rule.method && rule.method.toUpperCase() !== method) continue;
    if (!entry.path.test(path)) continue;
    if (
      rule.query !== undefined &&
      !(typeof rule.query === "string" ? query.includes(rule.query) : rule.query.test(query))
    )
      continue;
    const index = entry.matched++;
    if (index < (rule.after ?? 0)) return undefined;
    if (rule.times !== undefined && index >= (rule.after ?? 0) + rule.times) continue;
    return rule.fault;
  }
  return undefined;
}

const describeFault = (fault: Fault) => (fault.kind === "status" ? `status ${fault.status}` : fault.kind);

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"]);

async function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function tracked(server: Server): Set<Socket> {
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

export async function startFaultProxy(target: string, rules: readonly FaultRule[] = []): Promise<FaultProxy> {
  const upstream = new URL(target);
  let active = live(rules);
  const requests: ProxiedRequest[] = [];
  const trapRequests: ProxiedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const info: FaultProxyInfo = { url: "", trapUrl: "", target: upstream.origin };

  const record = (into: ProxiedRequest[], request: IncomingMessage): ProxiedRequest => {
    const url = new URL(request.url ?? "/", "http://proxy");
    const entry: ProxiedRequest = {
      method: request.method ?? "GET",
      path: url.pathname,
      query: url.search,
      host: request.headers.host ?? "",
      hasAuthorization: request.headers.authorization !== undefined,
      fault: undefined,
      status: undefined,
      at: Date.now(),
    };
    into.push(entry);
    return entry;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const entry = record(requests, request);
    const fault = pick(active, entry.method, entry.path, entry.query);
    entry.fault = fault ? describeFault(fault) : undefined;
    const body = await readBody(request);
    if (fault?.kind === "hang") return;
    if (fault?.kind === "reset") {
      request.socket.destroy();
      return;
    }
    if (fault?.kind === "status") {
      const text =
        fault.body === undefined ? "" : typeof fault.body === "string" ? fault.body : JSON.stringify(fault.body);
      entry.status = fault.status;
      response.writeHead(fault.status, {
        "content-type": fault.contentType ?? "application/json",
        ...(fault.retryAfter !== undefined ? { "retry-after": fault.retryAfter } : {}),
        ...fault.headers,
      });
      response.end(text);
      return;
    }
    if (fault?.kind === "body") {
      entry.status = fault.status ?? 200;
      response.writeHead(entry.status, { "content-type": fault.contentType ?? "application/json" });
      response.end(fault.body);
      return;
    }

    // Forward to the upstream origin.
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(request.headers))
      if (typeof value === "string" && !HOP_BY_HOP.has(key) && key !== "host") headers[key] = value;
    // As a reverse proxy does: the upstream learns the host the client asked (emulators build next links on it).
    if (request.headers.host) headers["x-forwarded-host"] = request.headers.host;
    let upstreamResponse: Response;
    try {
      upstreamResponse = await fetch(new URL(request.url ?? "/", upstream.origin), {
        method: entry.method,
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
    } catch {
      request.socket.destroy();
      return;
    }
    let payload = Buffer.from(await upstreamResponse.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    upstreamResponse.headers.forEach((value, key) => {
      if (!HOP_BY_HOP.has(key)) outHeaders[key] = value;
    });
    if (fault?.kind === "content-type") outHeaders["content-type"] = fault.contentType;
    if (fault?.kind === "rewrite") {
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload.toString("utf8"));
      } catch {
        parsed = undefined;
      }
      const rewritten = fault.json(parsed, entry, info);
      payload = Buffer.from(typeof rewritten === "string" ? rewritten : JSON.stringify(rewritten));
    }
    entry.status = upstreamResponse.status;
    if (fault?.kind === "truncate") {
      const bytes = Math.min(payload.length - 1, fault.bytes ?? Math.floor(payload.length / 2));
      response.writeHead(upstreamResponse.status, { ...outHeaders, "content-length": String(payload.length) });
      response.write(payload.subarray(0, Math.max(0, bytes)), () => request.socket.destroy());
      return;
    }
    if (fault?.kind === "trickle") {
      response.writeHead(upstreamResponse.status, { ...outHeaders, "content-length": String(payload.length) });
      const step = Math.max(1, fault.bytes ?? 1);
      let offset = 0;
      const tick = () => {
        if (response.destroyed) return;
        if (offset >= payload.length) {
          response.end();
          return;
        }
        response.write(payload.subarray(offset, offset + step));
        offset += step;
        const timer = setTimeout(() => {
          timers.delete(timer);
          tick();
        }, fault.intervalMs);
        timers.add(timer);
      };
      tick();
      return;
    }
    response.writeHead(upstreamResponse.status, { ...outHeaders, "content-length": String(payload.length) });
    response.end(payload);
  };

  const proxy = createServer((request, response) => {
    handle(request, response).catch(() => request.socket.destroy());
  });
  const trap = createServer((request, response) => {
    const entry = record(trapRequests, request);
    entry.status = 200;
    // Tempting: an answer that would look like a last, empty page.
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ value: [] }));
  });
  const proxySockets = tracked(proxy);
  const trapSockets = tracked(trap);
  const proxyPort = await listen(proxy);
  const trapPort = await listen(trap);
  info.url = `http://127.0.0.1:${proxyPort}`;
  info.trapUrl = `http://127.0.0.1:${trapPort}`;

  return {
    ...info,
    requests,
    trap: { url: info.trapUrl, requests: trapRequests },
    setRules(next) {
      active = live(next);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of [...proxySockets, ...trapSockets]) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => proxy.close(() => resolve())),
        new Promise<void>((resolve) => trap.close(() => resolve())),
      ]);
    },
  };
}
