/** A failed read, with what a user needs to act on it: the endpoint, the status and the server's words. */
/**
 * `bounded`: a limit of lakeward's stopped the read (a page limit, a paging loop, a deadline); the reason
 * names the limit. `interrupted`: this one call timed out or lost its connection after every retry while
 * the host answers other calls (unlike `network`, which means the host cannot be reached at all).
 */
export type FailureKind =
  | "http"
  | "network"
  | "auth"
  | "throttled"
  | "refused-write"
  | "invalid-response"
  | "interrupted"
  | "bounded";

export class ApiFailure extends Error {
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly kind: FailureKind;
  readonly detail: string;
  /** The server's Retry-After, when it sent one with a throttling or unavailable status. */
  readonly retryAfter: string | undefined;
  constructor(init: {
    endpoint: string;
    kind: FailureKind;
    status?: number;
    errorCode?: string;
    detail: string;
    retryAfter?: string;
  }) {
    // An error code that only repeats the status (some ARM errors carry code "403") is not said twice.
    const code = init.errorCode && init.errorCode !== String(init.status) ? init.errorCode : undefined;
    const status = init.status ? `HTTP ${init.status}${code ? ` ${code}` : ""}: ` : "";
    super(`${init.endpoint}: ${status}${init.detail}`);
    this.name = "ApiFailure";
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.kind = init.kind;
    this.detail = init.detail;
    this.retryAfter = init.retryAfter;
  }

  /** Status, error code and server message, without the endpoint. */
  get statusText(): string {
    return this.message.slice(this.endpoint.length + 2);
  }

  /** The reason an `unknown` fact carries: status and server message, without the endpoint (the fact has it). */
  get reason(): string {
    const text = this.statusText;
    if (this.status === 403 && this.kind !== "auth")
      return `forbidden (${text}); the identity needs workspace-admin or the matching read permission`;
    if (this.status === 404 && /^(ARM|Graph)\b/.test(this.endpoint)) return `not found (${text})`;
    if (this.status === 404 && !this.errorCode)
      return `${text} — a 404 without the API's own error body (a proxy's or gateway's page?): whether the object exists is not known`;
    if (this.status === 404)
      return `not available on this workspace (${text}): the API is missing on this SKU, region or tier`;
    return text;
  }

  /** True when the host itself could not be reached or refused the credential, so further calls to it are pointless. */
  get hostUnreachable(): boolean {
    return this.kind === "network" || this.kind === "auth";
  }
}

/** Describes a thrown value for an `unknown` reason without ever including request headers. */
export function describeFailure(error: unknown): string {
  if (error instanceof ApiFailure) return error.reason;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What to do next about a failure that stopped a whole source (credentials, network, permissions). */
export function failureHint(failure: ApiFailure): string | undefined {
  const azure = /^(ARM|Graph)\b/.test(failure.endpoint);
  // A response that refused the credential (401, or Databricks' 403 "Invalid access token").
  if (failure.status === 401 || (failure.kind === "auth" && failure.status !== undefined))
    return azure
      ? "The credential was refused; check it is valid for this tenant."
      : "The workspace refused the credential: check that the token belongs to this workspace and has not expired.";
  if (failure.kind === "auth")
    return azure
      ? "Sign in with `az login`, set AZURE_CLIENT_ID/AZURE_CLIENT_SECRET/AZURE_TENANT_ID, or LAKEWARD_ARM_TOKEN."
      : "Set DATABRICKS_TOKEN (or DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), pick a ~/.databrickscfg profile with --databricks-profile, or sign in with `az login` and use --databricks-auth azure.";
  if (failure.status === 403)
    return azure
      ? "The identity needs the Reader role on the subscription or workspace."
      : "The identity needs workspace-admin rights for the settings lakeward reads.";
  if (failure.kind === "network")
    return "Check the host name and that it is reachable from here (proxy, firewall, private link DNS); --ca-file trusts a TLS-inspecting proxy.";
  return undefined;
}
