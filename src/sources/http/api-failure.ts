/** A failed read, with what a user needs to act on it: the endpoint, the status and the server's words. */
export type FailureKind = "http" | "network" | "auth" | "throttled" | "refused-write" | "invalid-response";

export class ApiFailure extends Error {
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly errorCode: string | undefined;
  readonly kind: FailureKind;
  readonly detail: string;
  constructor(init: { endpoint: string; kind: FailureKind; status?: number; errorCode?: string; detail: string }) {
    const status = init.status ? `HTTP ${init.status}${init.errorCode ? ` ${init.errorCode}` : ""}: ` : "";
    super(`${init.endpoint}: ${status}${init.detail}`);
    this.name = "ApiFailure";
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.errorCode = init.errorCode;
    this.kind = init.kind;
    this.detail = init.detail;
  }

  /** The reason an `unknown` fact carries: status and server message, without the endpoint (the fact has it). */
  get reason(): string {
    const text = this.message.slice(this.endpoint.length + 2);
    if (this.status === 403 && this.kind !== "auth")
      return `forbidden (${text}); the identity needs workspace-admin or the matching read permission`;
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
