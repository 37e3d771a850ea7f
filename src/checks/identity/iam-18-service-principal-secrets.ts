import { defineCheck, fail, listSome, pass } from "../define.ts";
import { DAY_MS } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-18",
    title: "Service principal OAuth secrets expire and are rotated",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT"],
    controls: ["IM-2", "PA-3"],
    mcsb: ["IM-3", "IM-8"],
    sat: ["IA-9"],
    guide: ["Use service principals to run production jobs"],
    sources: ["account-api", "iac"],
    rationale:
      "An OAuth secret of a Databricks service principal (OAuth M2M) is a password for a machine identity that usually runs production jobs, often with broad rights on data. A secret with no expire_time never stops working; an old one has been copied into more pipelines, vaults and laptops than anyone remembers. The account API lists every principal's secrets with their creation and expiry times (never the secret): each active secret should expire, and be younger than the rotation period. Prefer workload identity federation (federation policies, no secret at all) where the caller can present an OIDC token.",
    remediation: {
      ui: "Account console → User management → Service principals → the principal → Credentials & secrets: generate a new secret with a lifetime, move its consumers to it, then delete the old one.",
      terraform: `resource "databricks_service_principal_secret" "etl" {
  provider             = databricks.account
  service_principal_id = databricks_service_principal.etl.id
  lifetime             = "7776000s" # 90 days, in the NNNNs form the API takes; rotate before it expires
}`,
    },
    thresholds: {
      maxAgeDays: { default: 90, unit: "days", description: "oldest an active OAuth secret may be" },
    },
  },
  evaluate(evidence, context) {
    const secrets = context.get("service principal OAuth secrets", evidence.account.servicePrincipalSecrets);
    const now = context.now.getTime();
    const maxDays = context.thresholds.maxAgeDays ?? 90;
    // A secret a configuration declares is not created yet: it lives its declared lifetime (the platform
    // expires it then), so it is too old before it expires exactly when that lifetime exceeds the period.
    // time_rotating does not change that: it replaces the secret only when terraform apply runs.
    const declaredOnes = secrets.filter((s) => s.declaredLifetimeSeconds !== undefined);
    const declaredFindings = declaredOnes.flatMap((s) => {
      const seconds = s.declaredLifetimeSeconds ?? 0;
      if (seconds * 1000 <= maxDays * DAY_MS) return [];
      const days = Math.ceil((seconds * 1000) / DAY_MS);
      const rotation = s.rotatedBy ? `; ${s.rotatedBy} replaces it only when terraform apply runs` : "";
      return [`${s.servicePrincipal} secret ${s.id} (lifetime ${days} days${rotation})`];
    });
    // An expired secret no longer authenticates; only live ones matter.
    const live = secrets.filter(
      (s) =>
        s.declaredLifetimeSeconds === undefined &&
        s.status !== "EXPIRED" &&
        (s.expiresAt === null || Date.parse(s.expiresAt) > now),
    );
    const liveFindings = live.flatMap((s) => {
      const problems: string[] = [];
      if (s.expiresAt === null) problems.push("never expires");
      if (s.createdAt !== null) {
        const age = Math.floor((now - Date.parse(s.createdAt)) / DAY_MS);
        if (age > maxDays) problems.push(`created ${age} days ago`);
      }
      return problems.length ? [`${s.servicePrincipal} secret ${s.id} (${problems.join(", ")})`] : [];
    });
    const findings = [...declaredFindings, ...liveFindings];
    if (findings.length)
      return fail(
        declaredOnes.length
          ? `${findings.length} of ${declaredOnes.length + live.length} OAuth secrets can outlive the ${maxDays}-day rotation period (declared lifetime longer than it, never expiring or older than it): ${listSome(findings, 3)}`
          : `${findings.length} of ${live.length} active OAuth secrets never expire or are older than ${maxDays} days: ${listSome(findings, 3)}`,
        findings,
      );
    const undated = live.filter((s) => s.createdAt === null).map((s) => `${s.servicePrincipal} secret ${s.id}`);
    if (undated.length)
      return {
        status: "unknown",
        message: `the account API gives no creation time for ${listSome(undated, 3)}, so their age cannot be told`,
        resources: undated,
      };
    if (declaredOnes.length)
      return pass(
        `all ${declaredOnes.length} declared OAuth secrets expire within ${maxDays} days of their creation (declared lifetime)${live.length ? `, and all ${live.length} active ones expire and are at most ${maxDays} days old` : ""}`,
      );
    return pass(
      live.length
        ? `all ${live.length} active OAuth secrets expire and are at most ${maxDays} days old`
        : "no service principal has an active OAuth secret",
    );
  },
});
