/**
 * Fault injection for the emulator. A fault rule answers matching requests with an error status instead
 * of the real response, optionally only the first N times and with a Retry-After header.
 *
 * Written as: `STATUS PATH [times=N] [retry-after=SECONDS] [target=arm|WORKSPACE]`, e.g.
 *   "403 /api/2.0/workspace-conf"                       every workspace-conf call is forbidden
 *   "429 /api/2.1/clusters/list times=2 retry-after=1"  the first two calls are throttled
 *   "503 /subscriptions/* target=arm times=1"           ARM fails once
 * PATH is matched against the URL path; `*` matches any run of characters.
 */
import { InputError } from "../errors.ts";

export interface FaultRule {
  status: number;
  path: string;
  /** How many matching requests fail; undefined for all of them. */
  times?: number;
  retryAfterSeconds?: number;
  /** "arm", a persona name, or undefined for every server. */
  target?: string;
}

export function parseFault(spec: string): FaultRule {
  const [statusText, path, ...options] = spec.trim().split(/\s+/);
  const status = Number(statusText);
  if (!Number.isInteger(status) || status < 400 || status > 599 || !path) {
    throw new InputError(
      `invalid --fault ${JSON.stringify(spec)}`,
      'Write it as "STATUS PATH [times=N] [retry-after=S] [target=arm|PERSONA]", e.g. "403 /api/2.0/workspace-conf".',
    );
  }
  const rule: FaultRule = { status, path };
  for (const option of options) {
    const [key, value = ""] = option.split("=");
    if (key === "times" && /^\d+$/.test(value)) rule.times = Number(value);
    else if (key === "retry-after" && /^\d+(\.\d+)?$/.test(value)) rule.retryAfterSeconds = Number(value);
    else if (key === "target" && value) rule.target = value;
    else
      throw new InputError(
        `invalid --fault option ${JSON.stringify(option)} in ${JSON.stringify(spec)}`,
        "Options are times=N, retry-after=SECONDS and target=arm|PERSONA.",
      );
  }
  return rule;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

/** Holds the rules and how often each has fired. */
export class FaultInjector {
  private readonly rules: { rule: FaultRule; pattern: RegExp; fired: number }[];
  constructor(rules: readonly FaultRule[]) {
    this.rules = rules.map((rule) => ({ rule, pattern: globToRegExp(rule.path), fired: 0 }));
  }

  /** The rule that applies to this request, counting it as fired; undefined when none does. */
  match(target: string, path: string): FaultRule | undefined {
    for (const entry of this.rules) {
      if (entry.rule.target && entry.rule.target !== target) continue;
      if (!entry.pattern.test(path)) continue;
      if (entry.rule.times !== undefined && entry.fired >= entry.rule.times) continue;
      entry.fired++;
      return entry.rule;
    }
    return undefined;
  }
}

/** Error bodies as the Databricks REST API writes them. */
export function databricksErrorBody(status: number, path: string): { error_code: string; message: string } {
  switch (status) {
    case 401:
      return {
        error_code: "UNAUTHENTICATED",
        message: "Credential was not sent or was of an unsupported type for this API.",
      };
    case 403:
      return { error_code: "PERMISSION_DENIED", message: `User is not authorized to perform this action on ${path}` };
    case 404:
      return { error_code: "ENDPOINT_NOT_FOUND", message: `No API found for 'GET ${path}'` };
    case 429:
      return {
        error_code: "REQUEST_LIMIT_EXCEEDED",
        message: "Too many requests. Please wait a moment and try again.",
      };
    case 503:
      return {
        error_code: "TEMPORARILY_UNAVAILABLE",
        message: "The service is temporarily unavailable. Please try again later.",
      };
    default:
      return { error_code: status >= 500 ? "INTERNAL_ERROR" : "BAD_REQUEST", message: `Injected fault ${status}` };
  }
}

/** Error bodies as Azure Resource Manager writes them. */
export function armErrorBody(status: number, path: string): { error: { code: string; message: string } } {
  switch (status) {
    case 401:
      return {
        error: {
          code: "AuthenticationFailed",
          message: "Authentication failed. The 'Authorization' header is missing or invalid.",
        },
      };
    case 403:
      return {
        error: {
          code: "AuthorizationFailed",
          message: `The client does not have authorization to perform action 'read' over scope '${path}' or the scope is invalid.`,
        },
      };
    case 404:
      return { error: { code: "ResourceNotFound", message: `The Resource '${path}' was not found.` } };
    case 429:
      return { error: { code: "TooManyRequests", message: "The request is being throttled." } };
    default:
      return {
        error: { code: status >= 500 ? "InternalServerError" : "BadRequest", message: `Injected fault ${status}` },
      };
  }
}
