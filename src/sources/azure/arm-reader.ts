/**
 * A thin, typed reader for the Azure Resource Manager (and Microsoft Graph) GETs that have no SDK in
 * lakeward's dependencies: storage accounts and blob services, Key Vaults, locks, role assignments,
 * activity-log alerts, compute usages, Conditional Access policies and the directory.
 *
 * Why not one SDK per resource provider: each of @azure/arm-storage, -keyvault, -locks, -authorization,
 * -compute and the Graph client brings its own models and pipeline for one or two GETs; reference/apis.md
 * (§3) recommends one client on @azure/core-rest-pipeline that fixes the api-version per call. This is
 * that client, with the same bounds as the SDK clients (transport.ts), lists read through the one bounded
 * pager (http/pager.ts) whose next links must stay on the origin that was asked, and every response
 * validated with zod, so that a shape change fails loudly instead of reading as absent.
 */
import { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import { z } from "zod";
import { jsonDepthOver } from "../../util/json-file.ts";
import { VERSION } from "../../version.ts";
import { ApiFailure } from "../http/api-failure.ts";
import { MAX_BODY_DEPTH, type TransportStats } from "../http/databricks-client.ts";
import { boundedPages, type PagerBounds, sameOriginLink } from "../http/pager.ts";
import { checkEndpoint } from "./arm.ts";
import { credentialFailureText } from "./credential.ts";
import {
  ARM_READS,
  type AzureLimits,
  type AzureSecrets,
  boundPipeline,
  DEFAULT_AZURE_LIMITS,
  loopbackBearerPolicy,
  recordingCredential,
  secretsOf,
} from "./transport.ts";
import { shapeProblem } from "./wire.ts";

export interface ArmReaderOptions {
  credential: TokenCredential;
  endpoint: string;
  /** OAuth scope for the endpoint (ARM by default). */
  scope?: string;
  ca?: string;
  stats: TransportStats;
  /** A name for messages: "ARM" or "Graph". */
  label?: string;
  /** The paths this reader may read (default: ARM's). */
  reads?: readonly RegExp[];
  /** Credential values lakeward was given, scrubbed from every error text. */
  secrets?: readonly string[];
  limits?: Partial<AzureLimits>;
  /** Bounds of every list (the scan deadline comes from `limits`). */
  pager?: Partial<PagerBounds>;
}

/** The error body ARM and Graph write: `{"error": {"code", "message"}}`. */
const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string().nullish() }).loose() }).loose();

export class ArmReader {
  private readonly pipeline: Pipeline;
  private readonly client: HttpClient;
  private readonly endpoint: URL;
  private readonly label: string;
  private readonly secrets: AzureSecrets;
  private readonly limits: AzureLimits;
  private readonly pager: Partial<PagerBounds>;

  constructor(options: ArmReaderOptions) {
    this.endpoint = checkEndpoint(options.endpoint, `${options.label ?? "ARM"} endpoint`);
    this.label = options.label ?? "ARM";
    this.secrets = secretsOf(options.credential);
    this.secrets.add(...(options.secrets ?? []));
    this.limits = { ...DEFAULT_AZURE_LIMITS, ...options.limits };
    this.pager = options.pager ?? {};
    const credential = recordingCredential(options.credential);
    const scope = options.scope ?? "https://management.azure.com/.default";
    this.pipeline = createPipelineFromOptions({
      userAgentOptions: { userAgentPrefix: `lakeward/${VERSION}` },
      ...(options.ca ? { agent: new Agent({ ca: options.ca, keepAlive: true }) } : {}),
    });
    if (this.endpoint.protocol === "https:") {
      this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
    } else {
      this.pipeline.addPolicy(loopbackBearerPolicy(credential, scope));
    }
    boundPipeline(this.pipeline, {
      label: this.label,
      endpoint: this.endpoint,
      reads: options.reads ?? ARM_READS,
      stats: options.stats,
      limits: this.limits,
      secrets: this.secrets,
    });
    this.client = createDefaultHttpClient();
  }

  /** The URL of `path` under the endpoint; a next link (absolute) only when it stays on the endpoint's origin. */
  private urlOf(path: string): URL {
    if (/^https?:\/\//i.test(path)) return sameOriginLink(path, this.endpoint, `${this.label} GET`);
    return new URL(`${this.endpoint.origin}${this.endpoint.pathname.replace(/\/$/, "")}${path}`);
  }

  /** GETs `path` (with `api-version`), validates the body and returns it. */
  async get<S extends z.ZodType>(
    path: string,
    apiVersion: string | null,
    schema: S,
    query: Record<string, string> = {},
  ): Promise<z.infer<S>> {
    const url = this.urlOf(path);
    if (apiVersion) url.searchParams.set("api-version", apiVersion);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    const endpoint = `${this.label} GET ${url.pathname}`;
    const request = createPipelineRequest({
      url: url.toString(),
      method: "GET",
      headers: createHttpHeaders({ accept: "application/json" }),
      allowInsecureConnection: url.protocol === "http:",
    });
    let response: Awaited<ReturnType<Pipeline["sendRequest"]>>;
    try {
      response = await this.pipeline.sendRequest(this.client, request);
    } catch (error) {
      if (error instanceof ApiFailure) throw error;
      const err = error as Error & { code?: string };
      const detail = this.secrets.scrub(err.code ? `${err.code}: ${err.message}` : err.message);
      const auth = /credential|token|authenticat|AADSTS/i.test(detail);
      throw new ApiFailure({
        endpoint,
        kind: auth ? "auth" : "network",
        detail: auth ? credentialFailureText(detail) : detail,
      });
    }
    const text = response.bodyAsText ?? "";
    if (response.status < 200 || response.status >= 300) throw this.httpFailure(endpoint, response.status, text);
    if (jsonDepthOver(text, MAX_BODY_DEPTH) !== -1)
      throw new ApiFailure({
        endpoint,
        kind: "invalid-response",
        status: response.status,
        detail: `the response nests deeper than ${MAX_BODY_DEPTH} levels; no ARM API answers that way`,
      });
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      throw new ApiFailure({
        endpoint,
        kind: "invalid-response",
        status: response.status,
        detail: "response is not JSON",
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new ApiFailure({
        endpoint,
        kind: "invalid-response",
        status: response.status,
        detail: shapeProblem(parsed.error),
      });
    return parsed.data;
  }

  /**
   * A failed status. Only an ARM/Graph error body gives an error code (so that a caller may read, say, a
   * 404 Request_ResourceNotFound as "absent"); a proxy's HTML page is named as such and keeps none.
   */
  private httpFailure(endpoint: string, status: number, text: string): ApiFailure {
    let code: string | undefined;
    let message: string;
    try {
      const parsed = errorBody.safeParse(JSON.parse(text));
      code = parsed.success ? parsed.data.error.code : undefined;
      message = parsed.success ? (parsed.data.error.message ?? "no message") : "the body is not an error body";
    } catch {
      message = text.trim()
        ? `not an error body of ${this.label} (${/^\s*</.test(text) ? "an HTML page" : "not JSON"}): ${text.replace(/\s+/g, " ").slice(0, 120)}`
        : "no message";
    }
    return new ApiFailure({
      endpoint,
      kind: status === 401 ? "auth" : status === 429 ? "throttled" : "http",
      status,
      ...(code ? { errorCode: this.secrets.scrub(code).slice(0, 100) } : {}),
      detail: this.secrets.scrub(message.slice(0, 300)),
    });
  }

  /**
   * GETs an ARM list (`nextLink`) or a Graph collection (`@odata.nextLink`) through the bounded pager: a page
   * and item limit, a loop detector, the list's and the scan's deadlines, and next links that must stay on
   * this reader's origin (ARM's for ARM, Graph's for Graph) or the list stops, unknown, with the reason.
   */
  async list<S extends z.ZodType>(
    path: string,
    apiVersion: string,
    item: S,
    query: Record<string, string> = {},
    itemKey?: (item: z.infer<S>) => string | undefined,
  ): Promise<z.infer<S>[]> {
    const page = z.object({
      value: z.array(item),
      nextLink: z.string().nullish(),
      "@odata.nextLink": z.string().nullish(),
    });
    type Page = z.infer<typeof page>;
    const endpoint = `${this.label} GET ${this.urlOf(path).pathname}`;
    return boundedPages<Page, z.infer<S>, string>({
      endpoint,
      fetch: (cursor) => (cursor ? this.get(cursor, null, page) : this.get(path, apiVersion || null, page, query)),
      items: (body) => body.value,
      next: (body) => {
        const link = body.nextLink ?? body["@odata.nextLink"];
        return link ? sameOriginLink(link, this.endpoint, endpoint).toString() : undefined;
      },
      ...(itemKey ? { itemKey } : {}),
      bounds: { ...this.pager, deadline: this.limits.deadline },
    });
  }
}
