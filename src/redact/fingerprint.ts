/**
 * Secret handling. A secret value never enters evidence, reports, logs or errors; what may appear is a
 * fingerprint: a truncated SHA-256 of the value under a lakeward-specific prefix. It lets two snapshots
 * say "the same value" or "changed" without holding the value. 64 bits keep accidental collisions out
 * of reach while giving too little to confirm a guess of a long random secret offline.
 */
import { createHash } from "node:crypto";
import type { ClusterPolicy, ConfEntry } from "../evidence/model.ts";

export function fingerprint(secret: string): string {
  return `sha256:${createHash("sha256").update("lakeward\0").update(secret).digest("hex").slice(0, 16)}`;
}

const SECRET_REFERENCE = /^\{\{secrets\/[^/{}]+\/[^/{}]+\}\}$/;

/** Key names that suggest a credential (matched case-insensitively against the whole key). */
const SENSITIVE_KEY =
  /(password|passwd|pwd|secret|token|credential|api[._-]?key|account\.key|access[._-]?key|private[._-]?key|sas[._-]?token|connection[._-]?string|\.key$)/i;

/**
 * Spark settings whose values are configuration, not credentials, and are kept verbatim because checks
 * read them (encryption, isolation, passthrough). Anything else is fingerprinted, even when its name
 * looks harmless: a connection string can hide a password under any key.
 */
const NON_SECRET_KEYS = [
  /^spark\.databricks\.(cluster\.profile|repl\.allowedLanguages|passthrough\.enabled|acl\.dfAclsEnabled|pyspark\.enableProcessIsolation|isv\.product|sql\.initial\.catalog\.name|unityCatalog\.enabled|io\.cache\.enabled|delta\.preview\.enabled)$/,
  /^spark\.(io\.encryption\.enabled|io\.encryption\.keySizeBits|network\.crypto\.enabled|network\.crypto\.saslFallback|authenticate|authenticate\.enableSaslEncryption|ssl\.enabled|master)$/,
  /^spark\.sql\.[A-Za-z.]+$/,
];

/** A value that reads like a credential: `password=…`, `token: …`, or a SAS signature (`sig=…`, which the old
 * pattern asked to be followed by another `=` or `:` and so never matched a SAS URL). */
const SECRETISH_VALUE = /(password|pwd|secret|token|sharedaccesskey|accountkey)\s*[=:]|[?&;]sig=/i;

export function redactConfEntry(key: string, rawValue: unknown): ConfEntry {
  const value = typeof rawValue === "string" ? rawValue : JSON.stringify(rawValue ?? null);
  const sensitiveKey = SENSITIVE_KEY.test(key);
  const secretReference = SECRET_REFERENCE.test(value.trim());
  if (secretReference) return { key, value: value.trim(), secretReference, sensitiveKey };
  const keepable =
    !sensitiveKey && NON_SECRET_KEYS.some((pattern) => pattern.test(key)) && !SECRETISH_VALUE.test(value);
  return keepable
    ? { key, value, secretReference, sensitiveKey }
    : { key, fingerprint: fingerprint(value), secretReference, sensitiveKey };
}

/**
 * A string inside a settings v2 value (settings discovery keeps every setting's effective value, and a
 * setting lakeward does not know may hold a credential): fingerprinted when its key names a credential
 * (`client_secret`, `api_key`, `token`, …) or the string reads like one (`password=…`, `sig=…`), kept
 * otherwise. A bare random string under a harmless key cannot be told from an identifier and is kept.
 */
export function redactSettingString(key: string | undefined, value: string): string {
  if (SECRET_REFERENCE.test(value.trim())) return value;
  return (key !== undefined && SENSITIVE_KEY.test(key)) || SECRETISH_VALUE.test(value) ? fingerprint(value) : value;
}

export function redactConfMap(map: Record<string, unknown> | undefined | null): ConfEntry[] {
  return Object.entries(map ?? {})
    .map(([key, value]) => redactConfEntry(key, value))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Replaces every occurrence of the given secrets in a text by a fingerprint. Used on messages that come
 * back from servers or libraries before they reach an error or a log, because those can echo headers.
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 6) out = out.split(secret).join(`[redacted ${fingerprint(secret)}]`);
  }
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, "$1[redacted]");
}

/**
 * A policy can fix a Spark conf or environment value, credentials included: those values get the same
 * treatment as a cluster's (kept only for known non-secret keys, fingerprinted otherwise).
 */
export function redactPolicyDefinition(definition: ClusterPolicy["definition"]): ClusterPolicy["definition"] {
  const out: ClusterPolicy["definition"] = {};
  for (const [path, rule] of Object.entries(definition)) {
    const key = /^(?:spark_conf|spark_env_vars)\.(.+)$/.exec(path)?.[1];
    if (!key || typeof rule !== "object" || rule === null) {
      out[path] = rule;
      continue;
    }
    const redact = (value: unknown) => {
      if (typeof value !== "string") return value;
      const entry = redactConfEntry(key, value);
      return entry.value ?? entry.fingerprint;
    };
    const next: Record<string, unknown> = { ...rule };
    for (const field of ["value", "defaultValue"]) if (field in next) next[field] = redact(next[field]);
    if (Array.isArray(next.values)) next.values = next.values.map(redact);
    out[path] = next;
  }
  return out;
}
