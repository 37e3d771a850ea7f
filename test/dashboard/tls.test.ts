/**
 * `lakeward serve` over TLS with a given certificate (startListener, as `--tls-cert/--tls-key` start it): a
 * generated certificate on loopback, a client that trusts only it. Cookies are `Secure` and `__Host-`
 * prefixed, HSTS is sent, plain HTTP on the TLS port gets no page; the same listener without TLS sends
 * neither; a key that does not belong to the certificate stops the start with a clear error.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Listening, startListener } from "../../src/dashboard/listen.ts";
import { apiApp } from "../../src/serve/api.ts";
import type { Store } from "../../src/store/index.ts";
import { loopbackCertificate } from "../../src/util/loopback-cert.ts";
import { openTestStore } from "../support/stores.ts";

const TOKEN = "lw_tlsViewer0_dashboard-tls-viewer-token-for-tests";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request, trusting only the given CA (for https). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {},
): Promise<Answer> {
  const request = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: options.method ?? "GET",
        headers: options.headers,
        ...(options.ca ? { ca: options.ca } : {}),
        timeout: 10_000,
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          body += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(options.body);
  });
}

const cookies = (answer: Answer) => (answer.headers["set-cookie"] as string[] | undefined) ?? [];

/** Signs in with the token through the form; the Set-Cookie lines of the answer. */
async function signIn(base: string, ca?: string) {
  const form = await send(`${base}/login`, { ca });
  const csrf = /name="csrf" value="([^"]+)"/.exec(form.body)![1]!;
  const loginCookie = cookies(form)[0]!.split(";")[0]!;
  const posted = await send(`${base}/login`, {
    method: "POST",
    ca,
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: loginCookie },
    body: new URLSearchParams({ csrf, token: TOKEN, next: "/" }).toString(),
  });
  return { form, posted };
}

describe("serve over TLS", () => {
  let store: Store;
  let close: () => Promise<void>;
  let dir: string;
  let tls: Listening;
  let plain: Listening;
  let cert: string;
  let certFile: string;
  const start = (files?: { cert: string; key: string }) => {
    const trigger = async () => null;
    return startListener({
      api: apiApp({ store, trigger }),
      dashboard: { store, trigger },
      config: undefined,
      bind: "127.0.0.1",
      port: 0,
      ...(files ? { tls: files } : {}),
      log: () => {},
    });
  };

  beforeAll(async () => {
    ({ store, close } = await openTestStore("embedded", "tls"));
    await store.tokens.create("viewer", "read", new Date(), TOKEN);
    dir = await mkdtemp(join(tmpdir(), "lakeward-tls-"));
    const pems = await loopbackCertificate("127.0.0.1");
    cert = pems.cert;
    certFile = join(dir, "cert.pem");
    await writeFile(certFile, pems.cert);
    await writeFile(join(dir, "key.pem"), pems.key);
    tls = await start({ cert: certFile, key: join(dir, "key.pem") });
    plain = await start();
  }, 60_000);
  afterAll(async () => {
    await tls?.close();
    await plain?.close();
    await close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("sets Secure __Host- cookies and HSTS over TLS, and refuses plain HTTP on its port", async () => {
    expect(tls.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const { form, posted } = await signIn(tls.url, cert);
    expect(form.status).toBe(200);
    expect(form.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(cookies(form)[0]).toMatch(/^__Host-lakeward-login=[^;]+;.*Secure/);
    expect(posted.status).toBe(303);
    const session = cookies(posted).find((c) => c.startsWith("__Host-lakeward="))!;
    expect(session).toBeDefined();
    for (const attribute of [/; Secure/i, /; HttpOnly/i, /; SameSite=Strict/i, /; Path=\//])
      expect(session).toMatch(attribute);
    expect(session).not.toMatch(/Domain=/i);

    const estate = await send(`${tls.url}/`, { ca: cert, headers: { cookie: session.split(";")[0]! } });
    expect(estate.status).toBe(200);
    expect(estate.headers["strict-transport-security"]).toBe("max-age=31536000");
    const health = await send(`${tls.url}/healthz`, { ca: cert });
    expect(health.status).toBe(200);
    expect(health.headers["strict-transport-security"]).toBe("max-age=31536000");

    // A client that does not trust the certificate does not get through; nor does plain HTTP.
    await expect(send(`${tls.url}/healthz`)).rejects.toThrow(/self-signed|certificate/i);
    await expect(send(tls.url.replace("https:", "http:"))).rejects.toThrow();
  });

  it("sends neither Secure cookies nor HSTS without TLS", async () => {
    const { form, posted } = await signIn(plain.url);
    expect(form.headers["strict-transport-security"]).toBeUndefined();
    const session = cookies(posted).find((c) => c.startsWith("lakeward="))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).not.toMatch(/; Secure/i);
  });

  it("stops the start with a clear error when the key is not the certificate's", async () => {
    const other = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    await writeFile(join(dir, "other.pem"), other);
    await expect(start({ cert: certFile, key: join(dir, "other.pem") })).rejects.toThrow(
      /TLS: .*other\.pem is not the private key of the certificate/,
    );
  });
});
