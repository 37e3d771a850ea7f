/**
 * Connection to Azure Resource Manager for the vendor SDKs (@azure/arm-databricks, -monitor, -network).
 *
 * Every client gets the same pipeline: lakeward's bounds (transport.ts: GET-only to the ARM origin on the
 * paths lakeward reads, checked on the resolved URL; per-attempt timeout over the whole body; the scan
 * deadline; capped Retry-After and retries of resets and timeouts instead of the SDK's own retry policies;
 * the wire shape checked before the SDK deserializes it) and request counting. Against an emulator on
 * loopback over plain HTTP the SDK's bearer policy refuses to send a token, so it is replaced by one that
 * does; plain HTTP is accepted for loopback hosts only.
 */
import { Agent } from "node:https";
import type { TokenCredential } from "@azure/core-auth";
import { bearerTokenAuthenticationPolicyName, type Pipeline, RestError } from "@azure/core-rest-pipeline";
import { InputError } from "../../errors.ts";
import { VERSION } from "../../version.ts";
import { ApiFailure } from "../http/api-failure.ts";
import type { TransportStats } from "../http/databricks-client.ts";
import { PageGuard, sameOriginLink } from "../http/pager.ts";
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
import { validateArmWire } from "./wire.ts";

export const ARM_SCOPE = "https://management.azure.com/.default";
export const DEFAULT_ARM_ENDPOINT = "https://management.azure.com";

export interface ArmConnection {
  credential: TokenCredential;
  endpoint: string;
  subscriptionId: string;
  /** PEM text of extra CA certificates to trust. */
  ca?: string;
  stats: TransportStats;
  /** Credential values lakeward was given (a client secret, a ready token): scrubbed from every error text. */
  secrets?: readonly string[];
  /** Timeouts, deadline, retry and size limits (defaults: DEFAULT_AZURE_LIMITS). */
  limits?: Partial<AzureLimits>;
}

/** The secrets to scrub for this connection: the ones given, and every token its credential handed out. */
export function connectionSecrets(connection: Pick<ArmConnection, "credential" | "secrets">): AzureSecrets {
  const secrets = secretsOf(connection.credential);
  secrets.add(...(connection.secrets ?? []));
  return secrets;
}

/** The credential every client of this connection uses: it records the tokens it hands out. */
export function connectionCredential(connection: Pick<ArmConnection, "credential">): TokenCredential {
  return recordingCredential(connection.credential);
}

export function connectionLimits(connection: Pick<ArmConnection, "limits">): AzureLimits {
  return { ...DEFAULT_AZURE_LIMITS, ...connection.limits };
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
    userAgentOptions: { userAgentPrefix: `lakeward/${VERSION}` },
    ...(connection.ca ? { agent: new Agent({ ca: connection.ca, keepAlive: true }) } : {}),
  };
}

/** Adds lakeward's policies to an SDK client's pipeline; see the module comment. */
export function preparePipeline(pipeline: Pipeline, connection: ArmConnection): void {
  const endpoint = checkEndpoint(connection.endpoint, "ARM endpoint");
  boundPipeline(pipeline, {
    label: "ARM",
    endpoint,
    reads: ARM_READS,
    stats: connection.stats,
    limits: connectionLimits(connection),
    secrets: connectionSecrets(connection),
    validate: validateArmWire,
  });
  if (endpoint.protocol === "http:") {
    pipeline.removePolicy({ name: bearerTokenAuthenticationPolicyName });
    pipeline.addPolicy(loopbackBearerPolicy(connectionCredential(connection), ARM_SCOPE));
  }
}

/**
 * Converts what an Azure SDK call threw into an ApiFailure naming the endpoint and status, its text scrubbed
 * of every credential the connection holds (a server may echo the token in its error message).
 */
export function armFailure(error: unknown, what: string, secrets: AzureSecrets): ApiFailure {
  if (error instanceof ApiFailure) return error;
  if (error instanceof RestError) {
    const path = error.request?.url ? new URL(error.request.url).pathname : what;
    const endpoint = `ARM GET ${path}`;
    if (error.statusCode === undefined) {
      return new ApiFailure({
        endpoint,
        kind: "network",
        detail: `cannot reach Azure Resource Manager (${secrets.scrub(error.code ?? error.message)})`,
      });
    }
    const auth = error.statusCode === 401;
    return new ApiFailure({
      endpoint,
      kind: auth ? "auth" : error.statusCode === 429 ? "throttled" : "http",
      status: error.statusCode,
      ...(error.code ? { errorCode: secrets.scrub(error.code).slice(0, 100) } : {}),
      detail: secrets.scrub((error.message.split("\n")[0] ?? "").slice(0, 300)) || "no message",
    });
  }
  const err = error as Error & { code?: string };
  const detail = secrets.scrub(err?.code ? `${err.code}: ${err.message}` : String(err?.message ?? error));
  if (/credential|token|authenticat/i.test(detail)) {
    return new ApiFailure({ endpoint: `ARM ${what}`, kind: "auth", detail: credentialFailureText(detail) });
  }
  // Anything else (a deserializer's TypeError on a body it did not expect) is a response lakeward cannot read.
  return new ApiFailure({ endpoint: `ARM ${what}`, kind: "invalid-response", detail });
}

/**
 * Reads an SDK list page by page under the one pager's bounds (page and item limits, loop detection, the
 * scan deadline); a next link to another origin stops the list before the SDK follows it.
 */
export async function sdkList<T>(
  endpoint: string,
  pages: AsyncIterableIterator<T[] & { continuationToken?: string }>,
  connection: ArmConnection,
  itemKey?: (item: T) => string | undefined,
): Promise<T[]> {
  const origin = checkEndpoint(connection.endpoint, "ARM endpoint");
  const guard = new PageGuard<T, string>(
    endpoint,
    { deadline: connectionLimits(connection).deadline },
    itemKey ? { itemKey } : {},
  );
  const all: T[] = [];
  guard.beforePage();
  for await (const page of pages) {
    const next = page.continuationToken || undefined;
    if (next) sameOriginLink(next, origin, endpoint);
    all.push(...page);
    guard.afterPage(page, next);
    if (!next) break;
    guard.beforePage();
  }
  return all;
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
