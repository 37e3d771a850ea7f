/**
 * The bounds every Azure Resource Manager and Microsoft Graph request lakeward makes is held to, as
 * @azure/core-rest-pipeline policies, so that they apply alike to the vendor SDK clients
 * (@azure/arm-databricks, -monitor, -network, each with its own pipeline) and to the thin reader
 * (arm-reader.ts):
 *
 *   - only reading calls leave the process: GET, to the one origin that was configured (ARM's, or Graph's),
 *     on a path lakeward reads — all checked on the resolved URL, just before it is sent, after redirects and
 *     next links have been applied;
 *   - every attempt has a timeout that covers the whole body (the HTTP client's own timeout stops at the
 *     headers, so a body trickling a byte every few seconds would never end), a size limit, and the scan's
 *     deadline;
 *   - lakeward's own retry replaces the SDKs': idempotent GETs are retried on throttling, gateway errors,
 *     connection resets and timeouts, with back-off, and Retry-After is honoured only up to a cap (the core
 *     throttling policy waits whatever the server asks: a 3600 s Retry-After hung a scan);
 *   - 2xx bodies read through an SDK are checked against the spec's wire shape before the SDK sees them
 *     (its deserializers do not validate: a body without `properties` would crash it), see wire.ts.
 *
 * Written as pipeline policies rather than with a library because the SDK pipelines are where the requests
 * are made; the retry timing itself is the shared src/sources/http/retry.ts.
 */
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/core-auth";
import { type Pipeline, type PipelinePolicy, type PipelineResponse, RestError } from "@azure/core-rest-pipeline";
import { fingerprint, scrubSecrets } from "../../redact/fingerprint.ts";
import { jsonDepthOver } from "../../util/json-file.ts";
import { ApiFailure } from "../http/api-failure.ts";
import { MAX_BODY_DEPTH, type TransportStats } from "../http/databricks-client.ts";
import { DEFAULT_TIMEOUTS, type Deadline, seconds } from "../http/deadline.ts";
import { type RequestLimiter, WaitPassedDeadline } from "../http/limiter.ts";
import type { ResponseMemo } from "../http/memo.ts";
import { azureApiOf } from "../http/rate-limits.ts";
import {
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRetryAfter,
  type RetryPolicy,
  retryDelayMs,
  sleep,
  totalWaitBudget,
} from "../http/retry.ts";

export interface AzureLimits {
  /** One attempt, connection to the last byte of the body. */
  requestTimeoutMs: number;
  /** The scan's deadline: no request starts, and no retry waits, past it. */
  deadline?: Deadline | undefined;
  retry: RetryPolicy;
  /** The largest response body read. */
  maxBodyBytes: number;
  /**
   * The run's per-host limiter (http/limiter.ts): ARM's read token bucket per subscription, Graph's per
   * tenant, adaptive concurrency, a pause after each 429. Without one, requests are not held back.
   */
  limiter?: RequestLimiter | undefined;
  /** The run's answers by URL (http/memo.ts): a GET already answered in this run is not sent again. */
  memo?: ResponseMemo<PipelineResponse> | undefined;
}

export const DEFAULT_AZURE_LIMITS: AzureLimits = {
  requestTimeoutMs: DEFAULT_TIMEOUTS.requestMs,
  retry: DEFAULT_RETRY,
  maxBodyBytes: 32 * 1024 * 1024,
};

// --- secrets -------------------------------------------------------------------------------------

/**
 * Every Azure credential value lakeward holds: the ones it was given (a client secret, LAKEWARD_ARM_TOKEN) and
 * every access token a credential handed out. Any text from a server or a library passes `scrub` before it
 * reaches an error, a problem or an unknown's reason — a server that echoes the raw token (not only the
 * `Bearer …` form) must not get it into a report.
 */
export class AzureSecrets {
  readonly #values = new Set<string>();

  add(...values: (string | undefined)[]): void {
    for (const value of values) if (value && value.length >= 6) this.#values.add(value);
  }

  /** The forms a value can be echoed in: as is, URL-encoded, JSON-escaped, and a JWT's signature alone. */
  private variants(): string[] {
    const out = new Set<string>();
    for (const value of this.#values) {
      out.add(value);
      out.add(encodeURIComponent(value));
      out.add(JSON.stringify(value).slice(1, -1));
      const parts = value.split(".");
      if (parts.length === 3 && (parts[2]?.length ?? 0) >= 16) out.add(parts[2]!);
    }
    // Longest first, so that a value is replaced whole before any of its parts.
    return [...out].sort((a, b) => b.length - a.length);
  }

  scrub(text: string): string {
    return scrubSecrets(text, this.variants());
  }

  /** How many distinct values are held (for tests); never the values. */
  get size(): number {
    return this.#values.size;
  }

  [Symbol.for("nodejs.util.inspect.custom")]() {
    return `AzureSecrets { ${this.#values.size} values [redacted] }`;
  }
  toJSON() {
    return [...this.#values].map(fingerprint);
  }
}

const secretsByCredential = new WeakMap<TokenCredential, AzureSecrets>();
const recorders = new WeakMap<TokenCredential, TokenCredential>();

/** The secrets held for a credential (shared by every client that uses it). */
export function secretsOf(credential: TokenCredential): AzureSecrets {
  let secrets = secretsByCredential.get(credential);
  if (!secrets) {
    secrets = new AzureSecrets();
    secretsByCredential.set(credential, secrets);
  }
  return secrets;
}

/** The credential, recording every token it hands out in secretsOf(credential). */
export function recordingCredential(credential: TokenCredential): TokenCredential {
  const existing = recorders.get(credential);
  if (existing) return existing;
  const secrets = secretsOf(credential);
  const recorder: TokenCredential = {
    async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
      const token = await credential.getToken(scopes, options);
      if (token) secrets.add(token.token);
      return token;
    },
  };
  secretsByCredential.set(recorder, secrets);
  recorders.set(credential, recorder);
  return recorder;
}

/**
 * The bearer policy for an emulator on loopback over plain HTTP, where the core bearer policy refuses to send
 * a token (checkEndpoint allows plain HTTP for loopback hosts only).
 */
export function loopbackBearerPolicy(credential: TokenCredential, scope: string): PipelinePolicy {
  return {
    name: "lakewardLoopbackBearer",
    async sendRequest(request, next) {
      const token = await credential.getToken(scope);
      if (token) request.headers.set("authorization", `Bearer ${token.token}`);
      return next(request);
    },
  };
}

// --- read-only paths -----------------------------------------------------------------------------

/** One path segment of an id: no slash, no encoded slash or backslash (ARM would decode them). */
const SEG = "[^/]+";
const sub = `/subscriptions/${SEG}`;
const rg = `${sub}/resourceGroups/${SEG}`;
const workspace = `${rg}/providers/Microsoft\\.Databricks/workspaces/${SEG}`;

/** Every ARM read lakeward makes, as path templates (case-insensitive, as ARM is). */
export const ARM_READS: readonly RegExp[] = [
  "/subscriptions",
  `${sub}/providers/Microsoft\\.Databricks/workspaces`,
  `${rg}/providers/Microsoft\\.Databricks/workspaces`,
  workspace,
  `${workspace}/providers/Microsoft\\.Insights/diagnosticSettings`,
  `${workspace}/providers/Microsoft\\.Insights/diagnosticSettingsCategories`,
  `${workspace}/providers/Microsoft\\.Authorization/roleAssignments`,
  `${rg}/providers/Microsoft\\.Network/virtualNetworks/${SEG}/subnets/${SEG}`,
  `${rg}/providers/Microsoft\\.Network/(networkSecurityGroups|routeTables)/${SEG}`,
  `${rg}/providers/Microsoft\\.Storage/storageAccounts/${SEG}`,
  `${rg}/providers/Microsoft\\.Storage/storageAccounts/${SEG}/blobServices/default`,
  `${rg}/providers/Microsoft\\.KeyVault/vaults/${SEG}`,
  `${sub}/providers/Microsoft\\.Authorization/locks`,
  `${sub}/providers/Microsoft\\.Insights/activityLogAlerts`,
  `${sub}/providers/Microsoft\\.Compute/locations/${SEG}/usages`,
  `${sub}/resources`,
].map((template) => new RegExp(`^${template}$`, "i"));

const GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Every Microsoft Graph read lakeward makes (v1.0). */
export const GRAPH_READS: readonly RegExp[] = [
  "/v1\\.0/identity/conditionalAccess/policies",
  `/v1\\.0/users/${GUID}`,
  `/v1\\.0/groups/${GUID}/transitiveMembers/microsoft\\.graph\\.user`,
  `/v1\\.0/directoryRoles\\(roleTemplateId=(?:'|%27)${GUID}(?:'|%27)\\)/members`,
].map((template) => new RegExp(`^${template}$`, "i"));

// --- the policies --------------------------------------------------------------------------------

export interface TransportSpec {
  /** "ARM" or "Graph", for messages. */
  label: string;
  /** Where requests may go: the configured endpoint (its origin, and its path as a prefix). */
  endpoint: URL;
  reads: readonly RegExp[];
  stats: TransportStats;
  limits: AzureLimits;
  secrets: AzureSecrets;
  /** Checks a 2xx JSON body read through an SDK; returns what does not fit, or undefined. */
  validate?: (path: string, body: unknown) => string | undefined;
}

/** A failure worth another attempt of an idempotent GET: a reset connection, a timed-out attempt. */
export class TransientFailure extends ApiFailure {}

/** The transport errors that mean the connection broke rather than that the host is wrong or refused us. */
const TRANSIENT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "ECONNABORTED", "UND_ERR_SOCKET", "EAI_AGAIN"]);

/** Replaces an SDK pipeline's retry policies with lakeward's and adds the guard; see the module comment. */
export function boundPipeline(pipeline: Pipeline, spec: TransportSpec): void {
  pipeline.removePolicy({ phase: "Retry" });
  // The memo first, outside the retries: an answer it holds costs no request at all.
  if (spec.limits.memo) pipeline.addPolicy(memoPolicy(spec.limits.memo, spec.label), { phase: "Retry" });
  pipeline.addPolicy(retryPolicy(spec), { phase: "Retry" });
  // Last before the HTTP client: it sees the final URL and headers of every attempt.
  pipeline.addPolicy(guardPolicy(spec), { afterPhase: "Sign" });
}

function shownPath(url: URL): string {
  return url.pathname;
}

/** Serves a GET this run already read successfully from the memo (see http/memo.ts). */
function memoPolicy(memo: ResponseMemo<PipelineResponse>, label: string): PipelinePolicy {
  return {
    name: "lakewardMemo",
    async sendRequest(request, next) {
      if (request.method !== "GET") return next(request);
      const answer = await memo.get(
        `${label} ${request.url}`,
        () => next(request),
        (response) => response.status >= 200 && response.status < 300 && response.bodyAsText !== undefined,
      );
      if (answer.request === request) return answer;
      // Another caller's answer: the same status, headers and body, for this request (its SDK deserializes it).
      return { request, status: answer.status, headers: answer.headers, bodyAsText: answer.bodyAsText };
    },
  };
}

function retryPolicy(spec: TransportSpec): PipelinePolicy {
  const { retry, deadline } = spec.limits;
  return {
    name: "lakewardRetry",
    async sendRequest(request, next) {
      const api = azureApiOf(spec.label);
      const budget = totalWaitBudget(retry);
      let waited = 0;
      for (let attempt = 1; ; attempt++) {
        let response: PipelineResponse | undefined;
        let failure: unknown;
        try {
          response = await next(request);
        } catch (error) {
          failure = error;
        }
        const url = new URL(request.url);
        if (response?.status === 429)
          spec.limits.limiter?.throttled(
            api,
            url.origin,
            url.pathname,
            parseRetryAfter(response.headers.get("retry-after")),
          );
        else if (response) spec.limits.limiter?.answered(api, url.origin, url.pathname);
        const transient = failure instanceof TransientFailure;
        const retryable = response ? isRetryableStatus(response.status) : transient;
        if (!retryable || request.method !== "GET" || attempt >= retry.maxAttempts) {
          if (failure instanceof TransientFailure && attempt > 1)
            throw new ApiFailure({
              endpoint: failure.endpoint,
              kind: "network",
              detail: `${failure.detail} (gave up after ${attempt} attempts)`,
            });
          if (failure) throw failure;
          const refusal = nonErrorBody(spec, request.url, response!);
          if (refusal) throw refusal;
          return response!;
        }
        const asked = response?.headers.get("retry-after") ?? undefined;
        const wait = retryDelayMs(retry, attempt, asked);
        if (deadline && wait >= deadline.remainingMs()) {
          const endpoint = `${spec.label} GET ${shownPath(new URL(request.url))}`;
          const retryAfter = asked ? ` (Retry-After ${spec.secrets.scrub(asked).slice(0, 40)})` : "";
          throw new ApiFailure({
            endpoint,
            kind: "bounded",
            ...(response ? { status: response.status } : {}),
            detail: `${response ? "" : `${(failure as ApiFailure).detail}; `}a retry in ${seconds(wait)}${retryAfter} would pass ${deadline.label}, so it was not made`,
          });
        }
        if (waited + wait > budget) {
          if (failure) throw failure;
          const refusal = nonErrorBody(spec, request.url, response!);
          if (refusal) throw refusal;
          // The SDK turns the status into its error; the reason says the retries ran out.
          return response!;
        }
        waited += wait;
        spec.stats.retries++;
        await sleep(wait);
      }
    },
  };
}

/**
 * A failed status whose body is not an ARM/Graph error body (a proxy's HTML page, say) as a failure naming
 * what came back, before an SDK tries to read an error code from it (it throws a TypeError on HTML). Only
 * an error body of the service itself may say what went wrong — "not found" included.
 */
function nonErrorBody(spec: TransportSpec, url: string, response: PipelineResponse): ApiFailure | undefined {
  if (response.status < 400) return undefined;
  const text = response.bodyAsText ?? "";
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown } };
    if (typeof body?.error?.code === "string") return undefined;
  } catch {
    // not JSON
  }
  const kind = /^\s*</.test(text) ? "an HTML page" : text.trim() ? "not an error body" : "an empty body";
  return new ApiFailure({
    endpoint: `${spec.label} GET ${new URL(url).pathname}`,
    kind: response.status === 401 ? "auth" : isRetryableStatus(response.status) ? "throttled" : "http",
    status: response.status,
    detail: spec.secrets.scrub(
      `not an error body of ${spec.label} (${kind})${text.trim() ? `: ${text.replace(/\s+/g, " ").slice(0, 120)}` : ""}`,
    ),
  });
}

function guardPolicy(spec: TransportSpec): PipelinePolicy {
  const prefix = spec.endpoint.pathname.replace(/\/$/, "");
  return {
    name: "lakewardGuard",
    async sendRequest(request, next) {
      const url = new URL(request.url);
      const endpoint = `${spec.label} ${request.method} ${shownPath(url)}`;
      if (request.method !== "GET")
        throw new ApiFailure({
          endpoint,
          kind: "refused-write",
          detail: "lakeward only reads; this call was not sent",
        });
      if (url.origin !== spec.endpoint.origin)
        throw new ApiFailure({
          endpoint: `${spec.label} GET ${url.protocol}//${url.host}${shownPath(url)}`,
          kind: "bounded",
          detail: `refused: ${url.protocol}//${url.host} is not ${spec.endpoint.origin}, the ${spec.label} endpoint lakeward was given; the request (and its credential) was not sent`,
        });
      const path = url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname;
      if (/%2f|%5c/i.test(path) || !spec.reads.some((read) => read.test(path)))
        throw new ApiFailure({
          endpoint,
          kind: "refused-write",
          detail: `refused: GET ${path} is not one of the ${spec.label} reads lakeward makes; it was not sent`,
        });
      const send = async (): Promise<PipelineResponse> => {
        const deadline = spec.limits.deadline;
        if (deadline?.expired())
          throw new ApiFailure({ endpoint, kind: "bounded", detail: `not sent: ${deadline.label} passed` });

        const byDeadline = deadline !== undefined && deadline.remainingMs() < spec.limits.requestTimeoutMs;
        const budget = byDeadline ? deadline.remainingMs() : spec.limits.requestTimeoutMs;
        const timeout = () =>
          byDeadline
            ? new ApiFailure({ endpoint, kind: "bounded", detail: `no complete answer before ${deadline.label}` })
            : new TransientFailure({
                endpoint,
                kind: "network",
                detail: `no complete answer within ${seconds(budget)} (the request timeout, --request-timeout)`,
              });
        const controller = new AbortController();
        const outer = request.abortSignal;
        const onOuterAbort = () => controller.abort();
        outer?.addEventListener("abort", onOuterAbort);
        let timedOut = false;
        const timer = setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, budget);
        request.abortSignal = controller.signal;
        // The body is read here, under the same timer and a size limit, not by the HTTP client.
        request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
        spec.stats.requests++;
        try {
          const response = await next(request);
          response.bodyAsText = await readBody(response, spec.limits.maxBodyBytes, controller.signal, endpoint);
          response.readableStreamBody = undefined;
          // Before the SDK's deserialiser and the schemas (recursive code) see it.
          if (
            response.status >= 200 &&
            response.status < 300 &&
            jsonDepthOver(response.bodyAsText, MAX_BODY_DEPTH) !== -1
          )
            throw new ApiFailure({
              endpoint,
              kind: "invalid-response",
              status: response.status,
              detail: `the response nests deeper than ${MAX_BODY_DEPTH} levels; no ${spec.label} API answers that way`,
            });
          if (response.status >= 200 && response.status < 300 && spec.validate) {
            const problem = validateBody(spec, path, response.bodyAsText);
            if (problem)
              throw new ApiFailure({ endpoint, kind: "invalid-response", status: response.status, detail: problem });
          }
          return response;
        } catch (error) {
          if (timedOut) throw timeout();
          throw transportFailure(error, endpoint, spec.secrets);
        } finally {
          clearTimeout(timer);
          outer?.removeEventListener("abort", onOuterAbort);
          request.abortSignal = outer;
        }
      };
      // The request's own timeout starts when the limiter lets it go, not while it waits there.
      const limiter = spec.limits.limiter;
      if (!limiter) return send();
      return limiter
        .schedule(azureApiOf(spec.label), url.origin, url.pathname, send, spec.limits.deadline)
        .catch((error: unknown) => {
          if (error instanceof WaitPassedDeadline)
            throw new ApiFailure({ endpoint, kind: "bounded", detail: error.message });
          throw error;
        });
    },
  };
}

function validateBody(spec: TransportSpec, path: string, text: string): string | undefined {
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    return "the response body is not JSON";
  }
  return spec.validate?.(path, body);
}

async function readBody(
  response: PipelineResponse,
  maxBytes: number,
  signal: AbortSignal,
  endpoint: string,
): Promise<string> {
  const stream = response.readableStreamBody;
  if (!stream) return response.bodyAsText ?? "";
  const onAbort = () => (stream as NodeJS.ReadableStream & { destroy?: (error?: Error) => void }).destroy?.();
  signal.addEventListener("abort", onAbort);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > maxBytes) {
        onAbort();
        throw new ApiFailure({
          endpoint,
          kind: "invalid-response",
          status: response.status,
          detail: `the response is larger than ${Math.round(maxBytes / 1024 / 1024)} MiB; it was not read`,
        });
      }
      chunks.push(buffer);
    }
    if (signal.aborted) throw new Error("aborted");
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** What a failed attempt threw, as an ApiFailure whose text holds no credential. */
function transportFailure(error: unknown, endpoint: string, secrets: AzureSecrets): unknown {
  if (error instanceof ApiFailure) return error;
  const err = error as Error & { code?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code;
  if (error instanceof RestError && error.response) return error;
  const detail = secrets.scrub(code && code !== "REQUEST_SEND_ERROR" ? `${code}: ${err.message}` : err.message);
  const init = { endpoint, kind: "network" as const, detail: `cannot reach the server (${detail})` };
  return code && TRANSIENT_CODES.has(code) ? new TransientFailure(init) : new ApiFailure(init);
}
