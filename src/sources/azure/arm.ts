/**
 * Connection to Azure Resource Manager for the vendor SDKs (@azure/arm-databricks, -monitor, -network).
 *
 * Every client gets the same pipeline additions: a guard that refuses anything but GET (lakeward only
 * reads), request counting, and the SDK's own retry policies, which honour Retry-After on 429/503.
 * Against an emulator on loopback over plain HTTP the SDK's bearer policy refuses to send a token, so it
 * is replaced by one that does; plain HTTP is accepted for loopback hosts only.
 */
import { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicyName,
  type Pipeline,
  type PipelinePolicy,
  RestError,
} from "@azure/core-rest-pipeline";
import { InputError } from "../../errors.ts";
import { scrubSecrets } from "../../redact/fingerprint.ts";
import { VERSION } from "../../version.ts";
import { ApiFailure } from "../http/api-failure.ts";
import type { TransportStats } from "../http/databricks-client.ts";
import { credentialFailureText } from "./credential.ts";

export const ARM_SCOPE = "https://management.azure.com/.default";
export const DEFAULT_ARM_ENDPOINT = "https://management.azure.com";

export interface ArmConnection {
  credential: TokenCredential;
  endpoint: string;
  subscriptionId: string;
  /** PEM text of extra CA certificates to trust. */
  ca?: string;
  stats: TransportStats;
}

export function isLoopback(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || hostname === "::1" || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Refuses plain HTTP except on loopback, so a credential is never sent in clear over a network. */
export function checkEndpoint(endpoint: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new InputError(
      `${what} ${JSON.stringify(endpoint)} is not a URL`,
      "Give a full URL such as https://management.azure.com",
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    throw new InputError(
      `${what} ${endpoint} uses plain HTTP on a non-loopback host; credentials would travel unencrypted`,
      "Use https://, or http:// only for an emulator on 127.0.0.1",
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new InputError(`${what} ${endpoint} must be http(s)`);
  return url;
}

export function armClientOptions(connection: ArmConnection) {
  const url = checkEndpoint(connection.endpoint, "ARM endpoint");
  return {
    endpoint: connection.endpoint.replace(/\/$/, ""),
    credentialScopes: [ARM_SCOPE],
    allowInsecureConnection: url.protocol === "http:",
    retryOptions: { maxRetries: 4, maxRetryDelayInMs: 30_000 },
    userAgentOptions: { userAgentPrefix: `lakeward/${VERSION}` },
    ...(connection.ca ? { agent: new Agent({ ca: connection.ca, keepAlive: true }) } : {}),
  };
}

/** Adds lakeward's policies to an SDK client's pipeline; see the module comment. */
export function preparePipeline(pipeline: Pipeline, connection: ArmConnection): void {
  // Runs inside the SDK's retry loop (after the Retry phase), so it sees every attempt.
  const attempts = new WeakMap<object, number>();
  const readOnlyAndCounting: PipelinePolicy = {
    name: "lakewardReadOnly",
    async sendRequest(request, next) {
      if (request.method !== "GET") {
        throw new ApiFailure({
          endpoint: `ARM ${request.method} ${new URL(request.url).pathname}`,
          kind: "refused-write",
          detail: "lakeward only reads; this call was not sent",
        });
      }
      const seen = attempts.get(request) ?? 0;
      attempts.set(request, seen + 1);
      connection.stats.requests++;
      if (seen > 0) connection.stats.retries++;
      return next(request);
    },
  };
  pipeline.addPolicy(readOnlyAndCounting, { afterPhase: "Retry" });
  if (new URL(connection.endpoint).protocol === "http:") {
    pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    pipeline.addPolicy({
      name: "lakewardLoopbackBearer",
      async sendRequest(request, next) {
        const token = await connection.credential.getToken(ARM_SCOPE);
        if (token) request.headers.set("authorization", `Bearer ${token.token}`);
        return next(request);
      },
    });
  }
}

/** Converts what an Azure SDK call threw into an ApiFailure naming the endpoint and status. */
export function armFailure(error: unknown, what: string, secrets: readonly string[] = []): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof RestError) {
    const path = error.request?.url ? new URL(error.request.url).pathname : what;
    const endpoint = `ARM GET ${path}`;
    if (error.statusCode === undefined) {
      return new ApiFailure({
        endpoint,
        kind: "network",
        detail: `cannot reach Azure Resource Manager (${scrubSecrets(error.code ?? error.message, secrets)})`,
      });
    }
    return new ApiFailure({
      endpoint,
      kind: error.statusCode === 429 ? "throttled" : "http",
      status: error.statusCode,
      ...(error.code ? { errorCode: error.code } : {}),
      detail: scrubSecrets(error.message.split("\n")[0] ?? "", secrets) || "no message",
    });
  }
  const err = error as Error & { code?: string };
  const detail = scrubSecrets(err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? error), secrets);
  if (/credential|token|authenticat/i.test(detail)) {
    return new ApiFailure({ endpoint: `ARM ${what}`, kind: "auth", detail: credentialFailureText(detail) });
  }
  return new ApiFailure({ endpoint: `ARM ${what}`, kind: "network", detail });
}

/** Splits an ARM resource id into its parts; ids are case-insensitive, names keep their case. */
export function parseResourceId(
  id: string,
): { subscriptionId: string; resourceGroup: string; provider: string; type: string; name: string } | undefined {
  const match = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)/i.exec(id);
  if (!match) return undefined;
  const [, subscriptionId, resourceGroup, provider, type, name] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { subscriptionId, resourceGroup, provider, type, name };
}
