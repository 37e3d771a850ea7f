/**
 * The transport under every Databricks call lakeward makes.
 *
 * lakeward uses @databricks/sdk-experimental for authentication (PAT, ~/.databrickscfg profiles,
 * DATABRICKS_* variables, OAuth, Entra ID) and for its typed service classes. Its own request loop has
 * three traps for a scanner (reference/apis.md §0): TLS verification is off unless `skipVerify: false`,
 * Retry-After is ignored, and 503 is not retried; once it gives up it also drops the status code. The SDK
 * lets a subclass of ApiClient replace `request`, and its service classes take any ApiClient, so this
 * class keeps the SDK's auth and types and swaps the request loop for one that:
 *   - verifies TLS always (with an extra CA when one is given),
 *   - only reads: any method other than GET is refused before it leaves the process,
 *   - limits concurrency and rate per workspace (p-queue),
 *   - retries 429/502/503/504 honouring Retry-After, within a bounded budget,
 *   - turns every failure into an ApiFailure naming endpoint, status and error code,
 *   - scrubs the credential from anything it reports.
 */
import { ApiClient, type Config } from "@databricks/sdk-experimental";
import PQueue from "p-queue";
import { Agent, type Dispatcher, request } from "undici";
import { scrubSecrets } from "../../redact/fingerprint.ts";
import { VERSION } from "../../version.ts";
import { ApiFailure } from "./api-failure.ts";
import { DEFAULT_RETRY, isRetryableStatus, type RetryPolicy, retryDelayMs, sleep } from "./retry.ts";

export interface TransportStats {
  requests: number;
  retries: number;
}

export interface ReadOnlyClientOptions {
  /** PEM text of extra CA certificates to trust (an emulator's CA, a corporate proxy's). */
  ca?: string;
  retry?: RetryPolicy;
  /** Requests in flight at once against this workspace. */
  concurrency?: number;
  /** Requests started per second against this workspace. */
  ratePerSecond?: number;
  timeoutMs?: number;
  stats?: TransportStats;
  /** Paths (exact) that may be called with POST because they only read, e.g. SQL statement execution. */
  readingPosts?: readonly string[];
}

type RequestOptions = Parameters<ApiClient["request"]>[0];
type SearchParams = NonNullable<RequestOptions["query"]>;

export class ReadOnlyApiClient extends ApiClient {
  readonly stats: TransportStats;
  private readonly dispatcher: Dispatcher;
  private readonly queue: PQueue;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly readingPosts: ReadonlySet<string>;
  private unreachable: ApiFailure | undefined;

  constructor(config: Config, options: ReadOnlyClientOptions = {}) {
    // Whatever the caller's config says, certificates are verified (trap 1 in apis.md §0).
    config.skipVerify = false;
    super(config, { product: "lakeward", productVersion: VERSION });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.dispatcher = new Agent({
      connect: { rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}), timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    this.queue = new PQueue({
      concurrency: options.concurrency ?? 4,
      intervalCap: options.ratePerSecond ?? 20,
      interval: 1000,
    });
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.stats = options.stats ?? { requests: 0, retries: 0 };
    this.readingPosts = new Set(options.readingPosts ?? []);
  }

  override async request(options: RequestOptions): Promise<unknown> {
    const method = options.method.toUpperCase();
    const label = `${method} ${options.path}`;
    if (method !== "GET" && !(method === "POST" && this.readingPosts.has(options.path))) {
      throw new ApiFailure({
        endpoint: label,
        kind: "refused-write",
        detail: "lakeward only reads; this call would change the workspace and was not sent",
      });
    }
    if (this.unreachable)
      throw new ApiFailure({ endpoint: label, kind: this.unreachable.kind, detail: this.unreachable.reason });

    const url = new URL((await this.host).toString());
    url.pathname = options.path;
    const query =
      options.query && Object.keys(options.query).length > 0 ? this.searchParams(options.query as SearchParams) : "";
    url.search = query;
    const shownQuery = decodeURIComponent(query);
    const endpoint = `${method} ${options.path}${shownQuery ? `?${shownQuery.length > 60 ? `${shownQuery.slice(0, 57)}…` : shownQuery}` : ""}`;

    for (let attempt = 1; ; attempt++) {
      const headers = new Headers(options.headers);
      headers.set("User-Agent", this.userAgent());
      try {
        await this.config.authenticate(headers);
      } catch (error) {
        const detail = scrubSecrets(error instanceof Error ? error.message : String(error), this.secrets());
        this.unreachable = new ApiFailure({
          endpoint,
          kind: "auth",
          detail: `no usable Databricks credentials: ${detail}`,
        });
        throw this.unreachable;
      }
      let response: Dispatcher.ResponseData;
      try {
        response = await this.queue.add(() => {
          this.stats.requests++;
          return request(url, {
            method: method as Dispatcher.HttpMethod,
            headers: Object.fromEntries(headers.entries()),
            body: options.payload === undefined ? undefined : JSON.stringify(options.payload),
            dispatcher: this.dispatcher,
          });
        });
      } catch (error) {
        const failure = this.networkFailure(endpoint, error);
        if (failure.hostUnreachable) this.unreachable = failure;
        throw failure;
      }
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        if (text.length === 0) return {};
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new ApiFailure({
            endpoint,
            kind: "invalid-response",
            status: response.statusCode,
            detail: "response is not JSON",
          });
        }
      }
      if (isRetryableStatus(response.statusCode) && attempt < this.retry.maxAttempts) {
        const retryAfter = headerValue(response.headers["retry-after"]);
        this.stats.retries++;
        await sleep(retryDelayMs(this.retry, attempt, retryAfter));
        continue;
      }
      const failure = this.httpFailure(endpoint, response.statusCode, text, attempt);
      // A refused credential fails every call the same way; stop asking (and report it once, as fatal).
      if (failure.kind === "auth") this.unreachable = failure;
      throw failure;
    }
  }

  private secrets(): string[] {
    return [this.config.token, this.config.password, this.config.clientSecret, this.config.azureClientSecret].filter(
      (value): value is string => typeof value === "string" && value.length > 0,
    );
  }

  private httpFailure(endpoint: string, status: number, body: string, attempts: number): ApiFailure {
    let errorCode: string | undefined;
    let detail = body.slice(0, 300);
    try {
      const parsed = JSON.parse(body) as {
        error_code?: unknown;
        message?: unknown;
        error?: { code?: unknown; message?: unknown };
      };
      errorCode = typeof parsed.error_code === "string" ? parsed.error_code : undefined;
      if (typeof parsed.message === "string") detail = parsed.message;
    } catch {
      // Not JSON (a proxy's HTML page, say): keep the start of the body.
    }
    if (isRetryableStatus(status)) detail = `${detail || "no message"} (gave up after ${attempts} attempts)`;
    const refused =
      status === 401 || (status === 403 && /invalid access token|token is expired|invalid token/i.test(detail));
    if (refused) detail = `credentials refused: ${detail}`;
    return new ApiFailure({
      endpoint,
      kind: refused ? "auth" : isRetryableStatus(status) ? "throttled" : "http",
      status,
      ...(errorCode ? { errorCode } : {}),
      detail: scrubSecrets(detail.trim() || "no message", this.secrets()),
    });
  }

  private networkFailure(endpoint: string, error: unknown): ApiFailure {
    if (error instanceof ApiFailure) return error;
    const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
    const code = err.code ?? err.cause?.code;
    const message = err.cause?.message ?? err.message ?? String(error);
    const detail = code ? `${code}: ${message}` : message;
    return new ApiFailure({
      endpoint,
      kind: "network",
      detail: `cannot reach the workspace (${scrubSecrets(detail, this.secrets())})`,
    });
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
