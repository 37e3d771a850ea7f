/**
 * Finds hard-coded credentials in text (notebook and file sources) without keeping them: each finding
 * is the line, the kind of credential and a fingerprint of the matched value. The patterns are the
 * well-known high-signal ones (token formats with a fixed prefix, key blocks, storage keys and SAS
 * signatures, literal password assignments); a value read from dbutils.secrets or a {{secrets/…}}
 * reference is not a finding.
 */
import { fingerprint } from "./fingerprint.ts";

export interface CredentialFinding {
  line: number;
  kind: string;
  fingerprint: string;
}

const PATTERNS: { kind: string; pattern: RegExp; group?: number }[] = [
  { kind: "Databricks personal access token", pattern: /\bdapi[0-9a-f]{32}(?:-\d)?\b/ },
  { kind: "Azure storage account key", pattern: /AccountKey=([A-Za-z0-9+/]{86}==)/, group: 1 },
  { kind: "Azure storage account key", pattern: /["']([A-Za-z0-9+/]{86}==)["']/, group: 1 },
  { kind: "SAS token signature", pattern: /[?&]sig=([A-Za-z0-9%+/=]{30,})/, group: 1 },
  { kind: "Entra ID client secret", pattern: /["']([A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34})["']/, group: 1 },
  { kind: "AWS access key id", pattern: /\b((?:AKIA|ASIA)[0-9A-Z]{16})\b/, group: 1 },
  { kind: "private key", pattern: /-----BEGIN (?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY-----/ },
  { kind: "password in a connection string", pattern: /\b(?:password|pwd)=([^;"'\s]{4,})/i, group: 1 },
  {
    kind: "literal credential assignment",
    pattern: /\b\w*(?:password|passwd|pwd|secret|api_key|apikey|access_key|token)\w*\s*[:=]\s*["']([^"'\s]{6,})["']/i,
    group: 1,
  },
];

const SAFE = /dbutils\.secrets\.get|\{\{secrets\/|os\.environ|getenv\(/;

export function scanForCredentials(text: string): CredentialFinding[] {
  const findings: CredentialFinding[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (SAFE.test(line)) return;
    for (const { kind, pattern, group } of PATTERNS) {
      const match = pattern.exec(line);
      if (!match) continue;
      const value = match[group ?? 0] ?? match[0];
      findings.push({ line: index + 1, kind, fingerprint: fingerprint(value) });
      break;
    }
  });
  return findings;
}
