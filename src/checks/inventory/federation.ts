/** Reading OIDC federation policies, shared by INFO-09 (account, service principals) and INFO-10 (recipients). */
import type { OidcFederationPolicy } from "../../evidence/model.ts";

export function describePolicy(policy: OidcFederationPolicy): string {
  const who = policy.subject ? `${policy.subjectClaim ?? "sub"}=${policy.subject}` : "any subject";
  return `${policy.owner}: ${policy.name || "(unnamed)"} trusts ${policy.issuer ?? "(no issuer)"} for ${who}`;
}

/** Whether an issuer is on a reviewed list (compared without a trailing slash, case-insensitively). */
export function issuerListed(issuer: string | null, listed: readonly string[]): boolean {
  const norm = (value: string) => value.trim().replace(/\/+$/, "").toLowerCase();
  return issuer !== null && listed.some((entry) => norm(entry) === norm(issuer));
}
