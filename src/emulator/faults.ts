/**
 * Fault injection for the emulator. A fault rule answers matching requests with an error status instead
 * of the real response, optionally only the first N times and with a Retry-After header.
 *
 * Written as: `STATUS PATH [times=N] [retry-after=SECONDS] [target=arm|WORKSPACE]`, e.g.
 *   "403 /api/2.0/workspace-conf"                       every workspace-conf call is forbidden
 *   "429 /api/2.1/clusters/list times=2 retry-after=1"  the first two calls are throttled
 *   "503 /subscriptions/* target=arm times=1"           ARM fails once
 *   "503 * rate=0.2"                                    one request in five, anywhere, fails (transiently)
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
  /** The share of matching requests that fail (0 to 1), drawn from a seeded generator; undefined for all. */
  rate?: number;
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
    else if (key === "rate" && /^(0(\.\d+)?|1(\.0+)?)$/.test(value)) rule.rate = Number(value);
    else
      throw new InputError(
        `invalid --fault option ${JSON.stringify(option)} in ${JSON.stringify(spec)}`,
        "Options are times=N, retry-after=SECONDS, target=arm|PERSONA and rate=SHARE (0 to 1).",
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
  private readonly random: () => number;
  constructor(rules: readonly FaultRule[], seed = 16) {
    this.rules = rules.map((rule) => ({ rule, pattern: globToRegExp(rule.path), fired: 0 }));
    this.random = mulberry32(seed);
  }

  /** The rule that applies to this request, counting it as fired; undefined when none does. */
  match(target: string, path: string): FaultRule | undefined {
    for (const entry of this.rules) {
      if (entry.rule.target && entry.rule.target !== target) continue;
      if (!entry.pattern.test(path)) continue;
      if (entry.rule.times !== undefined && entry.fired >= entry.rule.times) continue;
      if (entry.rule.rate !== undefined && this.random() >= entry.rule.rate) continue;
      entry.fired++;
      return entry.rule;
    }
    return undefined;
  }
}

/** A small seeded generator (mulberry32), so that a `rate=` fault fails the same share on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
