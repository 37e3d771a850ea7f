/**
 * The transport under every Databricks call lakeward makes.
 *
 * lakeward uses @databricks/sdk-experimental for authentication (PAT, ~/.databrickscfg profiles,
 * DATABRICKS_* variables, OAuth, Entra ID) and for its typed models. Its own request loop has three traps
 * for a scanner (reference/apis.md §0): TLS verification is off unless `skipVerify: false`, Retry-After is
 * ignored, and 503 is not retried; once it gives up it also drops the status code. The SDK lets a subclass
 * of ApiClient replace `request`, so this class keeps the SDK's auth and swaps the request loop for one that:
 *   - verifies TLS always (with an extra CA when one is given),
 *   - only reads: the path *after URL resolution* must be one of the allow-listed GET routes
 *     (databricks/routes.ts), or exactly one of the reading POSTs this client was built for,
 *   - refuses a host with user name or password in it,
 *   - keeps to the documented rate of each API family per host, with adaptive concurrency (limiter.ts),
 *   - bounds every request (connection to last body byte: `timeoutMs`) and the whole scan (`deadline`),
 *     and the size of every body,
 *   - retries 429/502/503/504 honouring Retry-After (capped, jittered), and retries GETs whose connection was
 *     reset or timed out, with jittered back-off, within a total wait budget per call; a host is unreachable
 *     only when it could not be reached after the retries,
 *   - accepts a 2xx only with a JSON object body (an empty body, `null`, `[]` or HTML is a failure, never an
 *     empty list); only an error body with a Databricks `error_code` carries one,
 *   - turns every failure into an ApiFailure naming endpoint, status and error code, with every credential
 *     it holds or has sent scrubbed from the text.
 */
import { ApiClient, type Config } from "@databricks/sdk-experimental";
import PQueue from "p-queue";
import { Agent, type Dispatcher, request } from "undici";
import { InputError } from "../../errors.ts";
import { scrubSecrets } from "../../redact/fingerprint.ts";
import { jsonDepthOver } from "../../util/json-file.ts";
import { VERSION } from "../../version.ts";
import { isReadingPostRoute, isReadRoute } from "../databricks/routes.ts";
import { ApiFailure, type FailureKind } from "./api-failure.ts";
import { DEFAULT_TIMEOUTS, type Deadline, seconds } from "./deadline.ts";
import { RequestLimiter, WaitPassedDeadline } from "./limiter.ts";
import type { ResponseMemo } from "./memo.ts";
import type { ApiKind } from "./rate-limits.ts";
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
  sleep,
  totalWaitBudget,
} from "./retry.ts";

export interface TransportStats {
  requests: number;
  retries: number;
}

export interface ReadOnlyClientOptions {
  /** PEM text of extra CA certificates to trust (an emulator's CA, a corporate proxy's). */
  ca?: string;
  retry?: RetryPolicy;
  /**
   * The run's per-host limiter (limiter.ts: the documented rate of each API family, adaptive concurrency,
   * pauses after a 429). Shared by every client of a run; without one the client has its own.
   */
  limiter?: RequestLimiter;
  /** Which Databricks API the host serves, for the rate-limit table (default: a workspace). */
  api?: Extract<ApiKind, "databricks-workspace" | "databricks-account">;
  /** The run's answers by URL (memo.ts): a GET already answered in this run is not sent again. */
  memo?: ResponseMemo<object>;
  /** An extra cap on requests in flight through this client, whatever the limiter allows. */
  concurrency?: number;
  /** One request, from connecting to the last byte of its body, ms (`--request-timeout`). */
  timeoutMs?: number;
  /** The scan's overall deadline (`--scan-timeout`): past it nothing more is sent. */
  deadline?: Deadline;
  /** Largest response body read, bytes. */
  maxBodyBytes?: number;
  stats?: TransportStats;
  /**
   * Exact paths that may be called with POST because they only read (SQL statement submit, one statement's
   * cancel). Each must be a normalised path of a reading-POST route (routes.ts); others are ignored.
   */
  readingPosts?: readonly string[];
}

type RequestOptions = Parameters<ApiClient["request"]>[0];
type SearchParams = NonNullable<RequestOptions["query"]>;

export interface GetOptions {
  /** A deadline of the caller's (a list's) that may end the request before the scan's. */
  deadline?: Deadline;
  accept?: string;
}

const DEFAULT_MAX_BODY = 64 * 1024 * 1024;
/**
 * Deepest nesting of arrays and objects accepted in a body. The deepest answers lakeward reads (a job's tasks
 * with their clusters' init scripts, a network policy) nest about a dozen levels; a few thousand overflow the
 * stack of the recursive code behind the parse.
 */
export const MAX_BODY_DEPTH = 128;

/** Connection errors that mean the host itself cannot be reached (as opposed to one call being cut). */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
]);

/** Connection failures another try will not fix. */
const FINAL_CODES = new Set(["ECONNREFUSED", "ENOTFOUND"]);

/** Refuses a URL with user name or password in it; the message never repeats them. */
export function refuseUserinfo(url: string, what: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  const hasUserinfo = parsed ? parsed.username !== "" || parsed.password !== "" : /\/\/[^/@]*@/.test(url);
  if (hasUserinfo)
    throw new InputError(
      `${what} has a user name or password in it (${parsed ? `${parsed.protocol}//***@${parsed.host}` : "the URL"}); lakeward refuses credentials in URLs, so that they never reach a report or a log`,
      "Give the host alone (https://adb-….azuredatabricks.net) and the credential through DATABRICKS_TOKEN, a ~/.databrickscfg profile or --databricks-auth azure.",
    );
}

class AttemptError extends Error {
  readonly failure: ApiFailure;
  readonly retryable: boolean;
  constructor(failure: ApiFailure, retryable: boolean) {
    super(failure.message);
    this.failure = failure;
    this.retryable = retryable;
  }
}

export class ReadOnlyApiClient extends ApiClient {
  readonly stats: TransportStats;
  private readonly dispatcher: Dispatcher;
  private readonly queue: PQueue | undefined;
  private readonly limiter: RequestLimiter;
  private readonly memo: ResponseMemo<object> | undefined;
  private readonly api: ApiKind;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly scanDeadline: Deadline | undefined;
  private readonly readingPosts: ReadonlySet<string>;
  /** Every credential this client has sent (bearer tokens obtained at run time included), for scrubbing. */
  private readonly sentSecrets = new Set<string>();
  private unreachable: ApiFailure | undefined;
  /** Whether the host has answered anything yet: a reset after it has is one call cut, not a dead host. */
  private answered = false;

  constructor(config: Config, options: ReadOnlyClientOptions = {}) {
    if (config.host) refuseUserinfo(config.host, "the Databricks host");
    // Whatever the caller's config says, certificates are verified (trap 1 in apis.md §0).
    config.skipVerify = false;
    super(config, { product: "lakeward", productVersion: VERSION });
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUTS.requestMs;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.scanDeadline = options.deadline;
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}), timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    this.queue = options.concurrency ? new PQueue({ concurrency: options.concurrency }) : undefined;
    this.limiter = options.limiter ?? new RequestLimiter();
    this.api = options.api ?? "databricks-workspace";
    this.memo = options.memo;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.stats = options.stats ?? { requests: 0, retries: 0 };
    // Only normalised paths of reading-POST routes count: "/a/../b" would resolve to another path.
    this.readingPosts = new Set(
      (options.readingPosts ?? []).filter((path) => resolvedPath(path) === path && isReadingPostRoute(path)),
    );
  }

  /** Replaces every credential this client holds or has sent by its fingerprint. */
  scrub(text: string): string {
    return scrubSecrets(text, this.secrets());
  }

  /** One GET of a JSON object (the collectors' entry point; the SDK's services come through `request`). */
  async get(path: string, query: Record<string, string> = {}, options: GetOptions = {}): Promise<object> {
    return this.send({
      path,
      method: "GET",
      headers: new Headers({ Accept: options.accept ?? "application/json" }),
      query,
      raw: false,
      ...(options.deadline ? { deadline: options.deadline } : {}),
    });
  }

  override async request(options: RequestOptions): Promise<unknown> {
    return this.send(options);
  }

  private async send(options: RequestOptions & { deadline?: Deadline }): Promise<object> {
    const method = options.method.toUpperCase();
    const host = new URL((await this.host).toString());
    const url = new URL(host.origin);
    url.pathname = options.path;
    const query =
      options.query && Object.keys(options.query).length > 0 ? this.searchParams(options.query as SearchParams) : "";
    url.search = query;
    const shownQuery = decodeURIComponent(query);
    const endpoint = this.scrub(
      `${method} ${url.pathname}${shownQuery ? `?${shownQuery.length > 60 ? `${shownQuery.slice(0, 57)}…` : shownQuery}` : ""}`,
    );

    // The guard looks at the path the request would really go to, after "..", "%2e%2e" and friends resolved.
    const allowed =
      url.origin === host.origin &&
      (method === "GET" ? isReadRoute(url.pathname) : method === "POST" && this.readingPosts.has(url.pathname));
    if (!allowed) {
      throw new ApiFailure({
        endpoint,
        kind: "refused-write",
        detail:
          method === "GET"
            ? "this path is not one lakeward reads; the call was not sent"
            : "lakeward only reads; this call would change the workspace and was not sent",
      });
    }
    if (this.unreachable)
      throw new ApiFailure({ endpoint, kind: this.unreachable.kind, detail: this.unreachable.reason });

    const deadline = earliest(this.scanDeadline, options.deadline);
    // A GET this run already answered (the memo is the run's, shared by its clients) is not sent again.
    const exchange = () => this.exchange(url, method, options, endpoint, deadline);
    if (method !== "GET" || !this.memo) return exchange();
    const accept = new Headers(options.headers).get("accept") ?? "";
    return structuredClone(await this.memo.get(`${url.href} ${accept}`, exchange, () => true));
  }

  /** Sends one call, with its retries, and returns the body of its answer. */
  private async exchange(
    url: URL,
    method: string,
    options: RequestOptions,
    endpoint: string,
    deadline: Deadline | undefined,
  ): Promise<object> {
    const idempotent = method === "GET";
    const budget = totalWaitBudget(this.retry);
    let waited = 0;
    for (let attempt = 1; ; attempt++) {
      if (deadline?.expired())
        throw new ApiFailure({ endpoint, kind: "bounded", detail: `not sent: ${deadline.label} passed` });
      const headers = new Headers(options.headers);
      headers.set("User-Agent", this.userAgent());
      try {
        await this.config.authenticate(headers);
      } catch (error) {
        const detail = this.scrub(error instanceof Error ? error.message : String(error));
        this.unreachable = new ApiFailure({
          endpoint,
          kind: "auth",
          detail: `no usable Databricks credentials: ${detail}`,
        });
        throw this.unreachable;
      }
      this.remember(headers);
      try {
        const body = await this.attempt(url, method, headers, options.payload, endpoint, attempt, deadline);
        this.limiter.answered(this.api, url.origin, url.pathname);
        return body;
      } catch (error) {
        if (!(error instanceof AttemptError)) throw error;
        if (error.failure.status === 429)
          this.limiter.throttled(this.api, url.origin, url.pathname, parseRetryAfter(error.failure.retryAfter));
        else if (error.failure.status !== undefined) this.limiter.answered(this.api, url.origin, url.pathname);
        const last = attempt >= this.retry.maxAttempts;
        const retry = error.retryable && (idempotent || error.failure.status !== undefined) && !last;
        if (!retry) {
          if (error.failure.kind === "auth" || error.failure.kind === "network") this.unreachable = error.failure;
          throw error.failure;
        }
        const wait = retryDelayMs(this.retry, attempt, error.failure.retryAfter);
        if (deadline && wait >= deadline.remainingMs())
          throw new ApiFailure({
            endpoint,
            kind: "bounded",
            ...(error.failure.status !== undefined ? { status: error.failure.status } : {}),
            ...(error.failure.errorCode ? { errorCode: error.failure.errorCode } : {}),
            detail: `${error.failure.detail}; no retry: ${deadline.label} would pass first`,
          });
        if (waited + wait > budget)
          throw new ApiFailure({
            endpoint,
            kind: error.failure.kind,
            ...(error.failure.status !== undefined ? { status: error.failure.status } : {}),
            ...(error.failure.errorCode ? { errorCode: error.failure.errorCode } : {}),
            detail: `${error.failure.detail}; no more retries: they would wait more than ${seconds(budget)} in all`,
          });
        waited += wait;
        this.stats.retries++;
        await sleep(wait);
      }
    }
  }

  /** One attempt; failures come back as AttemptError saying whether another try may help. */
  private async attempt(
    url: URL,
    method: string,
    headers: Headers,
    payload: unknown,
    endpoint: string,
    attempt: number,
    deadline: Deadline | undefined,
  ): Promise<object> {
    const budget = () => Math.min(this.timeoutMs, deadline ? deadline.remainingMs() : Number.POSITIVE_INFINITY);
    const bound =
      deadline && deadline.remainingMs() < this.timeoutMs
        ? deadline.label
        : `the request timeout (--request-timeout ${seconds(this.timeoutMs)})`;
    const controller = new AbortController();
    // The request's own time starts when it is sent, not while it waits for the limiter.
    let timer: NodeJS.Timeout | undefined;
    let status: number | undefined;
    let responseHeaders: Record<string, string | string[] | undefined> = {};
    let text: string;
    try {
      const send = () => {
        timer = setTimeout(() => controller.abort(), budget());
        this.stats.requests++;
        return request(url, {
          method: method as Dispatcher.HttpMethod,
          headers: Object.fromEntries(headers.entries()),
          body: payload === undefined ? undefined : JSON.stringify(payload),
          dispatcher: this.dispatcher,
          signal: controller.signal,
        });
      };
      const queue = this.queue;
      const response = await this.limiter.schedule(
        this.api,
        url.origin,
        url.pathname,
        () => (queue ? queue.add(send) : send()),
        deadline,
      );
      status = response.statusCode;
      responseHeaders = response.headers;
      this.answered = true;
      text = await readBounded(response.body, this.maxBodyBytes);
    } catch (error) {
      throw this.transportFailure(endpoint, error, status, controller.signal.aborted ? bound : undefined, attempt);
    } finally {
      clearTimeout(timer);
    }
    const contentType = headerValue(responseHeaders["content-type"]) ?? "";
    if (status >= 200 && status < 300) return this.parseBody(endpoint, status, contentType, text);
    const failure = this.httpFailure(
      endpoint,
      status,
      contentType,
      text,
      attempt,
      headerValue(responseHeaders["retry-after"]),
    );
    throw new AttemptError(failure, isRetryableStatus(status));
  }

  private parseBody(endpoint: string, status: number, contentType: string, text: string): object {
    const invalid = (detail: string) =>
      new AttemptError(new ApiFailure({ endpoint, kind: "invalid-response", status, detail }), false);
    if (!isJsonType(contentType))
      throw invalid(`the response is ${contentType ? `${contentType.split(";")[0]}` : "of no content type"}, not JSON`);
    if (text.trim().length === 0) throw invalid("the response body is empty");
    // Before anything recursive (the memo's structuredClone, the schemas, a snapshot's JSON.stringify) sees it.
    if (jsonDepthOver(text, MAX_BODY_DEPTH) !== -1)
      throw invalid(`the response nests deeper than ${MAX_BODY_DEPTH} levels; no Databricks API answers that way`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw invalid("the response is not valid JSON (cut short?)");
    }
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw invalid(
        `the response is ${body === null ? "null" : Array.isArray(body) ? "a JSON array" : `a JSON ${typeof body}`}, not an object`,
      );
    return body;
  }

  private remember(headers: Headers): void {
    for (const name of ["authorization", "x-databricks-azure-sp-management-token"]) {
      const value = headers.get(name);
      if (!value) continue;
      this.sentSecrets.add(value);
      const bearer = /^\s*\S+\s+(\S+)/.exec(value)?.[1];
      if (bearer) this.sentSecrets.add(bearer);
    }
  }

  private secrets(): string[] {
    return [
      this.config.token,
      this.config.password,
      this.config.clientSecret,
      this.config.azureClientSecret,
      ...this.sentSecrets,
    ].filter((value): value is string => typeof value === "string" && value.length > 0);
  }

  private httpFailure(
    endpoint: string,
    status: number,
    contentType: string,
    body: string,
    attempts: number,
    retryAfter: string | undefined,
  ): ApiFailure {
    let errorCode: string | undefined;
    let detail: string;
    const parsed = isJsonType(contentType) ? parseObject(body) : undefined;
    if (parsed) {
      // Only a Databricks error body (an object with a string error_code) says what the error means.
      errorCode = typeof parsed.error_code === "string" && parsed.error_code ? parsed.error_code : undefined;
      const message = parsed.message ?? parsed.detail;
      detail =
        typeof message === "string" ? message.slice(0, 500) : errorCode ? "" : "a JSON body without a Databricks error";
    } else {
      detail = `a ${contentType ? contentType.split(";")[0] : "untyped"} body, not a Databricks error${body.trim() ? `: ${collapse(body).slice(0, 120)}` : ""}`;
    }
    if (isRetryableStatus(status)) detail = `${detail || "no message"} (gave up after ${attempts} attempts)`;
    const refused =
      status === 401 ||
      (status === 403 && /invalid access token|token is expired|invalid token|expired token/i.test(detail));
    if (refused) detail = `credentials refused: ${detail}`;
    const kind: FailureKind = refused ? "auth" : isRetryableStatus(status) ? "throttled" : "http";
    return new ApiFailure({
      endpoint,
      kind,
      status,
      ...(errorCode ? { errorCode: this.scrub(errorCode).slice(0, 80) } : {}),
      ...(retryAfter ? { retryAfter } : {}),
      detail: this.scrub(detail.trim() || "no message"),
    });
  }

  private transportFailure(
    endpoint: string,
    error: unknown,
    status: number | undefined,
    timedOutBy: string | undefined,
    attempts: number,
  ): AttemptError {
    if (error instanceof AttemptError) return error;
    if (error instanceof ApiFailure) return new AttemptError(error, false);
    if (error instanceof WaitPassedDeadline)
      return new AttemptError(new ApiFailure({ endpoint, kind: "bounded", detail: error.message }), false);
    if (error instanceof BodyTooLarge)
      return new AttemptError(
        new ApiFailure({
          endpoint,
          kind: "invalid-response",
          ...(status !== undefined ? { status } : {}),
          detail: `the response body is larger than ${Math.round(this.maxBodyBytes / 1048576)} MiB; not read`,
        }),
        false,
      );
    const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = err.cause?.code ?? err.code;
    const message = err.cause?.message ?? err.message ?? String(error);
    const tried = attempts > 1 ? ` (after ${attempts} attempts)` : "";
    if (timedOutBy)
      return new AttemptError(
        new ApiFailure({
          endpoint,
          kind: "interrupted",
          detail: `no complete answer within ${timedOutBy}${tried}`,
        }),
        true,
      );
    const detail = this.scrub(code ? `${code}: ${message}` : message);
    // Before the host has ever answered, or for a failure to connect at all: the host is unreachable.
    const unreachable = !this.answered || (code !== undefined && UNREACHABLE_CODES.has(code));
    return new AttemptError(
      new ApiFailure({
        endpoint,
        kind: unreachable ? "network" : "interrupted",
        detail: unreachable
          ? `cannot reach the workspace (${detail})${tried}`
          : `the connection was cut before the answer was complete (${detail})${tried}`,
      }),
      // A refused connection, an unknown name or a bad certificate will not change in a few seconds.
      !(code !== undefined && (/CERT|TLS|SSL/.test(code) || FINAL_CODES.has(code))),
    );
  }
}

class BodyTooLarge extends Error {}

async function readBounded(body: Dispatcher.ResponseData["body"], max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > max) {
      body.destroy();
      throw new BodyTooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function earliest(a: Deadline | undefined, b: Deadline | undefined): Deadline | undefined {
  if (!a) return b;
  if (!b) return a;
  return a.at <= b.at ? a : b;
}

function resolvedPath(path: string): string {
  const url = new URL("http://x");
  url.pathname = path;
  return url.pathname;
}

const isJsonType = (contentType: string) => /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());

const collapse = (text: string) =>
  text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
