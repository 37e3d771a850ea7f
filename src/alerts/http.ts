/**
 * The HTTP client of the alert channels, deliberately apart from the scanner's transports
 * (src/sources/http): those are read-only and carry workspace and Azure credentials; this one POSTs and
 * carries nothing but the channel's own payload and signature. It has its own connection pool, never
 * follows a redirect (a redirect could carry a signed body somewhere else), bounds every request
 * (connect, headers, body, and one overall deadline) and reads at most 16 KiB of an answer.
 *
 * Its errors never contain the URL: a Slack or Teams webhook URL is a credential. They name the channel
 * and the status, and any text from the receiver is scrubbed of the channel's secrets first.
 */
import { Agent, type Dispatcher, EnvHttpProxyAgent, request, errors as undiciErrors } from "undici";
import { scrubSecrets } from "../redact/fingerprint.ts";
import { parseRetryAfter } from "../sources/http/retry.ts";

const MAX_ANSWER_BYTES = 16 * 1024;

/**
 * The connection pool of one set of channels; close it when done, or its idle keep-alive connections
 * hold the process open. Where HTTPS_PROXY / HTTP_PROXY are set (a server that reaches Slack or Teams
 * only through the corporate proxy), requests go through that proxy, except for hosts in NO_PROXY.
 */
export function channelAgent(env: NodeJS.ProcessEnv): { agent: Dispatcher; secrets: string[] } {
  const options = { connections: 8, keepAliveTimeout: 10_000, connect: { timeout: 10_000 } };
  const pick = (name: string) => env[name] ?? env[name.toLowerCase()];
  const httpsProxy = pick("HTTPS_PROXY");
  const httpProxy = pick("HTTP_PROXY");
  if (!httpsProxy && !httpProxy) return { agent: new Agent(options), secrets: [] };
  const noProxy = pick("NO_PROXY");
  const agent = new EnvHttpProxyAgent({
    ...options,
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    ...(noProxy !== undefined ? { noProxy } : {}),
  });
  // A proxy URL may carry a user and password: neither may reach an error.
  return { agent, secrets: [httpsProxy, httpProxy].flatMap((url) => (url ? urlSecrets(url) : [])) };
}

/** What a channel makes of one attempt; `retryable` decides between another try and giving up. */
export interface SendOutcome {
  ok: boolean;
  retryable: boolean;
  httpStatus?: number;
  smtpCode?: number;
  /** Milliseconds the receiver asked to wait (a 429's or 503's Retry-After). */
  retryAfterMs?: number;
  /** Secret-free. */
  error?: string;
}

export interface PostRequest {
  /** Used for the request only; never in an error or log. */
  url: string;
  agent: Dispatcher;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Every value that must never appear in an error: the URL, its path, the signing secret. */
  secrets: readonly string[];
  /** e.g. `slack channel "sec-slack"`. */
  label: string;
  /** Some receivers answer 200 with an error in the body (Slack: "invalid_payload"); lets a channel say so. */
  judge?: (status: number, answer: string) => string | null;
}

/** Statuses worth another attempt: timeouts, throttling, the server's and gateways' transient errors. */
export function isRetryableHttpStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

export function urlSecrets(url: string): string[] {
  try {
    const parsed = new URL(url);
    return [url, `${parsed.pathname}${parsed.search}`, parsed.pathname, parsed.search.slice(1), parsed.password].filter(
      (part) => part.length >= 6,
    );
  } catch {
    return [url];
  }
}

export async function postJson(req: PostRequest): Promise<SendOutcome> {
  const scrub = (text: string) => scrubSecrets(text, req.secrets).replace(/\s+/g, " ").trim().slice(0, 300);
  try {
    const response = await request(req.url, {
      method: "POST",
      body: req.body,
      headers: { "content-type": "application/json; charset=utf-8", ...req.headers },
      dispatcher: req.agent,
      headersTimeout: req.timeoutMs,
      bodyTimeout: req.timeoutMs,
      signal: AbortSignal.timeout(req.timeoutMs),
    });
    const answer = await readBounded(response.body);
    const status = response.statusCode;
    const retryAfterHeader = response.headers["retry-after"];
    const retryAfterMs = parseRetryAfter(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader);
    if (status >= 200 && status < 300) {
      const refused = req.judge?.(status, answer) ?? null;
      if (refused) return { ok: false, retryable: false, httpStatus: status, error: `${req.label}: ${scrub(refused)}` };
      return { ok: true, retryable: false, httpStatus: status };
    }
    const detail = answer ? ` (${scrub(answer)})` : "";
    const redirect = status >= 300 && status < 400 ? " — redirects are not followed; configure the final URL" : "";
    return {
      ok: false,
      retryable: isRetryableHttpStatus(status),
      httpStatus: status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      error: `${req.label}: HTTP ${status}${detail}${redirect}`,
    };
  } catch (error) {
    return { ok: false, retryable: true, error: `${req.label}: ${describeNetworkError(error, scrub)}` };
  }
}

async function readBounded(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
    size += chunk.length;
  }
  return Buffer.concat(chunks).toString("utf8");
}

function describeNetworkError(error: unknown, scrub: (text: string) => string): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return "no answer within the timeout";
  if (error instanceof undiciErrors.HeadersTimeoutError || error instanceof undiciErrors.BodyTimeoutError)
    return "no answer within the timeout";
  if (error instanceof undiciErrors.ConnectTimeoutError) return "could not connect within the timeout";
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not found";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  if (code?.startsWith("ERR_TLS") || code?.includes("CERT")) return `TLS error (${code})`;
  return scrub(error instanceof Error ? error.message : String(error));
}
