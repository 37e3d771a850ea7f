/**
 * Pushdown: runs detection SQL on a Databricks SQL warehouse through the Statement Execution API
 * (apis.md §6), with the SDK's StatementExecutionService over lakeward's ReadOnlyApiClient. The only POST
 * it may send is the submit, `/api/2.0/sql/statements`; polling and result chunks are GETs. A statement
 * still running when the timeout expires is cancelled, with a client that allows exactly that
 * statement's cancel path and nothing else.
 *
 * Results come back INLINE as JSON_ARRAY (every cell a string or null), chunk by chunk: the first with
 * the statement, the rest from `next_chunk_index` until there is none.
 */
import { sql } from "@databricks/sdk-experimental";
import { IncompleteError } from "../errors.ts";
import { type DatabricksAuthOptions, databricksConfig } from "../sources/databricks/auth.ts";
import { ApiFailure } from "../sources/http/api-failure.ts";
import { ReadOnlyApiClient } from "../sources/http/databricks-client.ts";
import { DEFAULT_TIMEOUTS } from "../sources/http/deadline.ts";
import { PageGuard } from "../sources/http/pager.ts";
import type { RetryPolicy } from "../sources/http/retry.ts";
import { DATABRICKS, type Dialect } from "./dialect.ts";
import type { Executor } from "./engine.ts";
import type { Row } from "./local.ts";

export const STATEMENTS_PATH = "/api/2.0/sql/statements";

export interface WarehouseOptions {
  host: string;
  warehouseId: string;
  auth: DatabricksAuthOptions;
  ca?: string;
  /** Longest a statement may run before it is cancelled, ms. */
  timeoutMs?: number;
  /**
   * Longest one HTTP request (submit, poll, chunk) may take, connection to last byte, ms (`--request-timeout`;
   * default the client's, DEFAULT_TIMEOUTS.requestMs).
   */
  requestTimeoutMs?: number;
  /** Server-side wait on submit ("0s", or "5s" to "50s"); default: the longest that ends within one request. */
  waitTimeout?: string;
  /** First and longest pause between polls, ms. */
  pollMs?: { first: number; max: number };
  retry?: RetryPolicy;
  /** Statements submitted at once. */
  concurrency?: number;
}

export interface WarehouseStats {
  statements: number;
  polls: number;
  chunks: number;
  cancelled: number;
}

/** Longest a statement may run before it is cancelled (`--statement-timeout`), ms. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 600_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The submit's server-side wait: the warehouse holds the POST open for up to `wait_timeout` ("0s" or 5 to 50 s,
 * Statement Execution API, sql.ExecuteStatementRequest.wait_timeout), so it must end well within one request's
 * bound, or a slow statement would read as a timed-out request instead of being polled.
 */
function submitWait(requestTimeoutMs: number): string {
  if (requestTimeoutMs >= 15_000) return "10s";
  if (requestTimeoutMs >= 8_000) return "5s";
  return "0s";
}

/**
 * What a statement id may be before it goes into a path (issue 10 item 14): the server chose it, and an id
 * such as `../../jobs/runs` would turn a poll into another API's path.
 */
const STATEMENT_ID = /^[A-Za-z0-9-]{1,128}$/;

export class WarehouseExecutor implements Executor {
  readonly dialect: Dialect = DATABRICKS;
  readonly stats: WarehouseStats = { statements: 0, polls: 0, chunks: 0, cancelled: 0 };
  private readonly options: WarehouseOptions;
  private readonly client: ReadOnlyApiClient;
  private readonly service: sql.StatementExecutionService;

  constructor(options: WarehouseOptions) {
    this.options = options;
    this.client = new ReadOnlyApiClient(databricksConfig(options.host, options.auth), {
      readingPosts: [STATEMENTS_PATH],
      concurrency: options.concurrency ?? 4,
      ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    this.service = new sql.StatementExecutionService(this.client);
  }

  get requests(): number {
    return this.client.stats.requests;
  }

  async query(statement: string, label: string): Promise<Row[]> {
    const started = Date.now();
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const poll = this.options.pollMs ?? { first: 250, max: 5_000 };
    this.stats.statements++;
    let response = await this.service.executeStatement({
      warehouse_id: this.options.warehouseId,
      statement,
      wait_timeout: this.options.waitTimeout ?? submitWait(this.options.requestTimeoutMs ?? DEFAULT_TIMEOUTS.requestMs),
      on_wait_timeout: "CONTINUE",
      disposition: "INLINE",
      format: "JSON_ARRAY",
    });
    const id = response.statement_id;
    if (!id) throw new IncompleteError(`${label}: the warehouse returned no statement id`);
    if (!STATEMENT_ID.test(id))
      throw new IncompleteError(
        `${label}: the warehouse returned a statement id that is not one (only letters, digits and dashes); not followed`,
      );
    let pause = poll.first;
    while (response.status?.state === "PENDING" || response.status?.state === "RUNNING") {
      if (Date.now() - started > timeoutMs) {
        await this.cancel(id);
        throw new IncompleteError(
          `${label}: statement ${id} still ${response.status.state} after ${Math.round(timeoutMs / 1000)}s; cancelled`,
          "Raise --statement-timeout or narrow --since/--until.",
        );
      }
      await sleep(pause);
      pause = Math.min(poll.max, Math.round(pause * 1.5));
      this.stats.polls++;
      response = await this.service.getStatement({ statement_id: id });
    }
    const state = response.status?.state;
    if (state !== "SUCCEEDED") {
      const error = response.status?.error;
      throw new IncompleteError(
        `${label}: statement ${id} ${state ?? "in an unknown state"}${error ? `: ${error.error_code ?? "ERROR"}: ${error.message ?? ""}` : ""}`,
      );
    }
    const manifest = response.manifest;
    if (manifest?.truncated)
      throw new IncompleteError(
        `${label}: the result was truncated by the warehouse (INLINE results are limited to 25 MiB)`,
        "Lower --max-events or narrow --since/--until.",
      );
    const columns = (manifest?.schema?.columns ?? []).map((column) => column.name ?? "");
    const rows: Row[] = [];
    const take = (data: string[][] | undefined) => {
      for (const cells of data ?? [])
        rows.push(
          Object.fromEntries(columns.map((name, i) => [name, (cells[i] as string | null | undefined) ?? null])),
        );
    };
    // Result chunks through the shared pager's guard: a page limit, a deadline, and a stop when the server
    // points at a chunk it already sent (a loop).
    const guard = new PageGuard<string[], number>(`GET ${STATEMENTS_PATH}/{id}/result/chunks`, {
      maxPages: 10_000,
      maxItems: 5_000_000,
      listTimeoutMs: timeoutMs,
    });
    let chunk: sql.ResultData | undefined = response.result;
    take(chunk?.data_array);
    const nextOf = (data: sql.ResultData | undefined) =>
      data?.next_chunk_index === undefined || data.next_chunk_index === null ? undefined : data.next_chunk_index;
    guard.seen(chunk?.chunk_index ?? 0);
    guard.afterPage(chunk?.data_array ?? [], nextOf(chunk));
    for (let next = nextOf(chunk); next !== undefined; next = nextOf(chunk)) {
      guard.beforePage();
      this.stats.chunks++;
      chunk = await this.service.getStatementResultChunkN({ statement_id: id, chunk_index: next });
      take(chunk.data_array);
      guard.afterPage(chunk.data_array ?? [], nextOf(chunk));
    }
    const expected = manifest?.total_row_count;
    if (typeof expected === "number" && expected !== rows.length)
      throw new IncompleteError(`${label}: statement ${id} announced ${expected} rows but returned ${rows.length}`);
    return rows;
  }

  /** Cancels one statement, through a client whose only allowed POST is that statement's cancel. */
  private async cancel(id: string): Promise<void> {
    this.stats.cancelled++;
    const path = `${STATEMENTS_PATH}/${id}/cancel`;
    const client = new ReadOnlyApiClient(databricksConfig(this.options.host, this.options.auth), {
      readingPosts: [path],
      ...(this.options.ca ? { ca: this.options.ca } : {}),
    });
    try {
      await new sql.StatementExecutionService(client).cancelExecution({ statement_id: id });
    } catch (error) {
      // The timeout is reported either way; a failed cancel only means the warehouse stops it itself.
      if (!(error instanceof ApiFailure)) throw error;
    }
  }
}
