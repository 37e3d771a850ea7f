/**
 * A thin, typed reader for the Azure Resource Manager (and Microsoft Graph) GETs that have no SDK in
 * lakeward's dependencies: storage accounts and blob services, Key Vaults, locks, role assignments,
 * activity-log alerts, compute usages, Conditional Access policies.
 *
 * Why not one SDK per resource provider: each of @azure/arm-storage, -keyvault, -locks, -authorization,
 * -compute and the Graph client brings its own models and pipeline for one or two GETs; reference/apis.md
 * (§3) recommends one client on @azure/core-rest-pipeline that fixes the api-version per call. This is
 * that client: the same pipeline policies as the SDK clients (read-only guard, request counting, the
 * core retry policies that honour Retry-After), responses validated with zod so that a shape change
 * fails loudly instead of reading as absent.
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
import { scrubSecrets } from "../../redact/fingerprint.ts";
import { VERSION } from "../../version.ts";
import { ApiFailure } from "../http/api-failure.ts";
import type { TransportStats } from "../http/databricks-client.ts";
import { checkEndpoint } from "./arm.ts";
import { credentialFailureText } from "./credential.ts";

export interface ArmReaderOptions {
  credential: TokenCredential;
  endpoint: string;
  /** OAuth scope for the endpoint (ARM by default). */
  scope?: string;
  ca?: string;
  stats: TransportStats;
  /** A name for messages: "ARM" or "Graph". */
  label?: string;
}

export class ArmReader {
  private readonly pipeline: Pipeline;
  private readonly client: HttpClient;
  private readonly endpoint: URL;
  private readonly label: string;

  constructor(options: ArmReaderOptions) {
    this.endpoint = checkEndpoint(options.endpoint, `${options.label ?? "ARM"} endpoint`);
    this.label = options.label ?? "ARM";
    const scope = options.scope ?? "https://management.azure.com/.default";
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: 4, maxRetryDelayInMs: 30_000 },
      userAgentOptions: { userAgentPrefix: `lakeward/${VERSION}` },
      ...(options.ca ? { agent: new Agent({ ca: options.ca, keepAlive: true }) } : {}),
    });
    if (this.endpoint.protocol === "https:") {
      this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: scope }));
    } else {
      // The core bearer policy refuses plain HTTP; checkEndpoint allowed it for loopback emulators only.
      this.pipeline.addPolicy({
        name: "lakewardLoopbackBearer",
        async sendRequest(request, next) {
          const token = await options.credential.getToken(scope);
          if (token) request.headers.set("authorization", `Bearer ${token.token}`);
          return next(request);
        },
      });
    }
    const attempts = new WeakMap<object, number>();
    this.pipeline.addPolicy(
      {
        name: "lakewardCounting",
        async sendRequest(request, next) {
          const seen = attempts.get(request) ?? 0;
          attempts.set(request, seen + 1);
          options.stats.requests++;
          if (seen > 0) options.stats.retries++;
          return next(request);
        },
      },
      { afterPhase: "Retry" },
    );
    this.client = createDefaultHttpClient();
  }

  /** GETs `path` (with `api-version`), validates the body and returns it. */
  async get<S extends z.ZodType>(
    path: string,
    apiVersion: string | null,
    schema: S,
    query: Record<string, string> = {},
  ): Promise<z.infer<S>> {
    const url = new URL(
      path.startsWith("http") ? path : `${this.endpoint.origin}${this.endpoint.pathname.replace(/\/$/, "")}${path}`,
    );
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
      const err = error as Error & { code?: string };
      const detail = scrubSecrets(err.code ? `${err.code}: ${err.message}` : err.message, []);
      const auth = /credential|token|authenticat|AADSTS/i.test(detail);
      throw new ApiFailure({
        endpoint,
        kind: auth ? "auth" : "network",
        detail: auth ? credentialFailureText(detail) : detail,
      });
    }
    const text = response.bodyAsText ?? "";
    if (response.status < 200 || response.status >= 300) {
      let code: string | undefined;
      let message = text.slice(0, 300);
      try {
        const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
        code = body.error?.code;
        message = body.error?.message ?? message;
      } catch {
        // not JSON
      }
      throw new ApiFailure({
        endpoint,
        kind: response.status === 401 ? "auth" : response.status === 429 ? "throttled" : "http",
        status: response.status,
        ...(code ? { errorCode: code } : {}),
        detail: scrubSecrets(message || "no message", []),
      });
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : {};
    } catch {
      throw new ApiFailure({
        endpoint,
        kind: "invalid-response",
        status: response.status,
        detail: "response is not JSON",
      });
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiFailure({
        endpoint,
        kind: "invalid-response",
        status: response.status,
        detail: `unexpected response shape at ${issue?.path.join(".") || "(top)"}: ${issue?.message}`,
      });
    }
    return parsed.data;
  }

  /** GETs an ARM list, following `nextLink` until the last page. */
  async list<S extends z.ZodType>(
    path: string,
    apiVersion: string,
    item: S,
    query: Record<string, string> = {},
  ): Promise<z.infer<S>[]> {
    // ARM pages with `nextLink`, Microsoft Graph with `@odata.nextLink`.
    const page = z.object({
      value: z.array(item),
      nextLink: z.string().nullish(),
      "@odata.nextLink": z.string().nullish(),
    });
    const items: z.infer<S>[] = [];
    let next: string | null | undefined = path;
    let first = true;
    while (next) {
      const body: z.infer<typeof page> = first
        ? await this.get(next, apiVersion, page, query)
        : await this.get(next, null, page);
      items.push(...body.value);
      next = body.nextLink ?? body["@odata.nextLink"];
      first = false;
    }
    return items;
  }
}
