/**
 * Finds hard-coded credentials in text (notebook and file sources) without keeping them: each finding
 * is the line, the kind of credential and a fingerprint of the matched value. The patterns are the
 * well-known high-signal ones (token formats with a fixed prefix, key blocks, storage keys and SAS
 * signatures, literal password assignments); a value read from dbutils.secrets or a {{secrets/…}}
 * reference is not a finding.
 *
 * The text is untrusted (anyone who can write a notebook writes it), so the patterns run on re2js, whose
 * time is linear in the text: JavaScript's backtracking engine took 4.3 s on 256 KB of "password" and
 * grows with the square of a line. Each pattern first runs as a yes/no test over the whole text (re2js's
 * DFA, milliseconds per MB); only when it matches somewhere are the lines tested and the matching ones
 * searched for the value. Each file is bounded — characters, findings, time — and when a bound stops the
 * scan the result says what was not scanned, so a clean result on part of a file is never a pass.
 */
import { RE2JS } from "re2js";
import { fingerprint } from "./fingerprint.ts";

export interface CredentialFinding {
  line: number;
  kind: string;
  fingerprint: string;
}

export interface CredentialScanLimits {
  /** Characters scanned per file; the rest is not scanned (and the result says so). */
  maxChars: number;
  /** Findings kept per file; the scan stops at this many. */
  maxFindings: number;
  /** Milliseconds per file; a scan still running then stops where it is. */
  maxMillis: number;
}

export const DEFAULT_CREDENTIAL_SCAN_LIMITS: CredentialScanLimits = {
  maxChars: 1_000_000,
  maxFindings: 100,
  maxMillis: 5_000,
};

export interface CredentialScan {
  findings: CredentialFinding[];
  /** Set when a bound stopped the scan: what was not scanned, in words for the result. */
  notScanned?: string;
}

interface Pattern {
  kind: string;
  regex: RE2JS;
  /** The capture group holding the credential value (0: the whole match). */
  group: number;
}

const pattern = (kind: string, source: string, group = 0, flags = 0): Pattern => ({
  kind,
  regex: RE2JS.compile(source, flags),
  group,
});
const I = RE2JS.CASE_INSENSITIVE;

/** In priority order: a line gets the kind of the first pattern that matches it. No pattern crosses a line. */
const PATTERNS: readonly Pattern[] = [
  pattern("Databricks personal access token", String.raw`\bdapi[0-9a-f]{32}(?:-\d)?\b`),
  pattern("Azure storage account key", `AccountKey=([A-Za-z0-9+/]{86}==)`, 1),
  pattern("Azure storage account key", `["']([A-Za-z0-9+/]{86}==)["']`, 1),
  pattern("SAS token signature", `[?&]sig=([A-Za-z0-9%+/=]{30,})`, 1),
  pattern("Entra ID client secret", String.raw`["']([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})["']`, 1),
  pattern("AWS access key id", String.raw`\b((?:AKIA|ASIA)[0-9A-Z]{16})\b`, 1),
  pattern("private key", `-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----`),
  pattern("password in a connection string", String.raw`\b(?:password|pwd)=([^;"'\s]{4,})`, 1, I),
  pattern(
    "literal credential assignment",
    String.raw`\b\w*(?:password|passwd|pwd|secret|api_key|apikey|access_key|token)\w*[ \t]*[:=][ \t]*["']([^"'\s]{6,})["']`,
    1,
    I,
  ),
];

/** Lines that read a secret from a safe place are never findings. */
const SAFE = RE2JS.compile(String.raw`dbutils\.secrets\.get|\{\{secrets/|os\.environ|getenv\(`);

export function scanForCredentials(text: string, bounds: Partial<CredentialScanLimits> = {}): CredentialScan {
  const limits = { ...DEFAULT_CREDENTIAL_SCAN_LIMITS, ...bounds };
  const started = performance.now();
  const scanned = text.length > limits.maxChars ? text.slice(0, limits.maxChars) : text;
  const lines = scanned.split(/\r?\n/);
  const byLine = new Map<number, CredentialFinding>();
  const safe = new Set<number>();
  let stopped: string | undefined;
  if (SAFE.test(scanned)) lines.forEach((line, index) => void (SAFE.test(line) && safe.add(index)));

  patterns: for (const { kind, regex, group } of PATTERNS) {
    if (!regex.test(scanned)) continue;
    for (let index = 0; index < lines.length; index++) {
      if (index % 256 === 0 && performance.now() - started > limits.maxMillis) {
        stopped = `the scan of this file stopped after ${limits.maxMillis / 1000} s, at line ${index + 1} of its ${kind} pattern`;
        break patterns;
      }
      const line = lines[index]!;
      if (safe.has(index) || byLine.has(index) || !regex.test(line)) continue;
      const matcher = regex.matcher(line);
      if (!matcher.find()) continue;
      byLine.set(index, {
        line: index + 1,
        kind,
        fingerprint: fingerprint(matcher.group(group) ?? matcher.group(0) ?? ""),
      });
      if (byLine.size >= limits.maxFindings) {
        stopped = `the scan of this file stopped at ${limits.maxFindings} findings`;
        break patterns;
      }
    }
  }
  const findings = [...byLine.values()].sort((a, b) => a.line - b.line);
  const cut =
    text.length > limits.maxChars
      ? `only the first ${limits.maxChars.toLocaleString("en-US")} of ${text.length.toLocaleString("en-US")} characters were scanned`
      : undefined;
  const notScanned = [cut, stopped].filter(Boolean).join("; ");
  return notScanned ? { findings, notScanned } : { findings };
}
