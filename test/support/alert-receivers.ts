/**
 * Real receivers for alert tests, on loopback with free ports: an HTTP receiver (a webhook, Slack or
 * Teams endpoint) whose answers a test scripts — fail N times, throttle with Retry-After, hang — and a
 * real SMTP server (smtp-server) speaking STARTTLS with a self-signed certificate and checking a password,
 * whose received messages are parsed with postal-mime.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import PostalMime, { type Email } from "postal-mime";
import { SMTPServer } from "smtp-server";
import { loopbackCertificate } from "../../src/util/loopback-cert.ts";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
  at: number;
}

export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** Waits this long before answering (a hanging receiver). */
  delayMs?: number;
}

export interface HttpReceiver {
  url(path?: string): string;
  requests: ReceivedRequest[];
  /** Resolves once `count` requests arrived (rejects after the timeout). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** `answer(n, request)` decides the n-th answer (1-based); 200 "ok" by default. */
export async function startHttpReceiver(
  answer: (n: number, request: ReceivedRequest) => ScriptedAnswer = () => ({ status: 200, body: "ok" }),
): Promise<HttpReceiver> {
  const requests: ReceivedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received: ReceivedRequest = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        at: Date.now(),
      };
      requests.push(received);
      for (const wake of waiters.splice(0)) wake();
      const scripted = answer(requests.length, received);
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(scripted.status, { "content-type": "text/plain", ...scripted.headers });
        res.end(scripted.body ?? "");
      };
      if (scripted.delayMs) setTimeout(reply, scripted.delayMs).unref();
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = "/hook") => `http://127.0.0.1:${port}${path}`,
    requests,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} requests, got ${requests.length}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 50).unref();
        });
      }
      return requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface SmtpReceiver {
  port: number;
  /** PEM of the self-signed certificate, to trust as the channel's CA. */
  cert: string;
  messages: { envelope: { from: string; to: string[] }; raw: string; parsed: Email; secure: boolean; user: string }[];
  authFailures: number;
  waitFor(count: number, timeoutMs?: number): Promise<SmtpReceiver["messages"]>;
  close(): Promise<void>;
}

/**
 * `reject(n)` may return an SMTP reply code to refuse the n-th message (e.g. 451 for a transient
 * refusal); authentication only succeeds with `user`/`password`, and only after STARTTLS.
 */
export async function startSmtpReceiver(options: {
  user: string;
  password: string;
  reject?: (n: number) => number | undefined;
}): Promise<SmtpReceiver> {
  const pems = await loopbackCertificate("localhost");
  const messages: SmtpReceiver["messages"] = [];
  let attempts = 0;
  const receiver: Partial<SmtpReceiver> = { messages, authFailures: 0 };
  const server = new SMTPServer({
    key: pems.key,
    cert: pems.cert,
    secure: false,
    authMethods: ["PLAIN", "LOGIN"],
    disabledCommands: [],
    logger: false,
    onAuth(auth, session, callback) {
      if (!session.secure) return callback(new Error("STARTTLS first"));
      if (auth.username === options.user && auth.password === options.password)
        return callback(null, { user: auth.username });
      receiver.authFailures = (receiver.authFailures ?? 0) + 1;
      return callback(Object.assign(new Error("Invalid username or password"), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", async () => {
        attempts++;
        const code = options.reject?.(attempts);
        if (code) return callback(Object.assign(new Error("Try again later"), { responseCode: code }));
        const raw = Buffer.concat(chunks).toString("utf8");
        messages.push({
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
          raw,
          parsed: await PostalMime.parse(raw),
          secure: session.secure,
          user: String(session.user ?? ""),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return Object.assign(receiver, {
    port,
    cert: pems.cert,
    async waitFor(count: number, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as SmtpReceiver;
}

export interface ConnectProxy {
  url(auth?: string): string;
  /** "host:port" of every tunnel or forwarded request, with the Proxy-Authorization it came with. */
  seen: { target: string; authorization: string | undefined }[];
  close(): Promise<void>;
}

/** A forward proxy on loopback: CONNECT tunnels, and absolute-form requests forwarded as they are. */
export async function startConnectProxy(): Promise<ConnectProxy> {
  const { connect } = await import("node:net");
  const { request } = await import("node:http");
  const seen: ConnectProxy["seen"] = [];
  const server = createServer((req, res) => {
    const target = new URL(req.url ?? "");
    seen.push({ target: target.host, authorization: req.headers["proxy-authorization"] });
    const { "proxy-authorization": _drop, ...headers } = req.headers;
    const upstream = request(target, { method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on("connect", (req, socket, head) => {
    seen.push({ target: req.url ?? "", authorization: req.headers["proxy-authorization"] });
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host ?? "127.0.0.1", () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (auth) => `http://${auth ? `${auth}@` : ""}127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
