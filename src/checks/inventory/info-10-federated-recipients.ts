import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import { describePolicy, issuerListed } from "./federation.ts";

export default defineCheck({
  meta: {
    id: "INFO-10",
    title: "OIDC-federated Delta Sharing recipients and the identity providers they trust",
    category: "inventory",
    severity: "info",
    profile: "high",
    threats: ["EX"],
    controls: ["DP-2", "AM-1"],
    mcsb: ["DP-2", "AM-1"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api", "iac"],
    rationale:
      "An OIDC-federated recipient (authentication_type OIDC_FEDERATION) has no bearer token to leak or IP list to set: whoever holds a token from the identity providers its federation policies trust — a partner's Entra tenant, their machine-to-machine app — reads every share granted to it. That is a new class of data egress, so each such recipient is on record with the issuer and subject it trusts. An issuer nobody has reviewed fails until it is added to INFO-10.trustedIssuers in lakeward.yaml.",
    remediation: {
      ui: "Catalog Explorer → Delta Sharing → Shared by me → Recipients → the recipient → Policies: confirm the issuer and subject are the partner's (or delete the recipient); then list the reviewed issuer under INFO-10.trustedIssuers.",
      terraform: `resource "databricks_recipient" "partner" {
  name                = "partner-analytics"
  authentication_type = "OIDC_FEDERATION"
}
# and in lakeward.yaml:
# checks:
#   INFO-10:
#     trustedIssuers: ["https://login.microsoftonline.com/<partner tenant id>/v2.0"]`,
    },
    lists: {
      trustedIssuers: {
        default: [],
        description:
          "OIDC issuers reviewed and trusted for Delta Sharing recipients (iss claim, e.g. a partner's Entra tenant)",
      },
    },
  },
  evaluate(evidence, context) {
    const metastore = context.get("Unity Catalog metastore", evidence.databricks.unityCatalog.metastore);
    if (metastore === null)
      return notApplicable("no Unity Catalog metastore is assigned, so there is no Delta Sharing");
    const recipients = context.get("Delta Sharing recipients", evidence.databricks.unityCatalog.recipients);
    const federated = recipients.filter((r) => r.authenticationType === "OIDC_FEDERATION");
    if (!federated.length) return pass(`none of the ${recipients.length} Delta Sharing recipients is OIDC-federated`);
    const policies = context.get(
      "recipient federation policies",
      evidence.databricks.unityCatalog.recipientFederationPolicies,
    );
    const trusted = context.lists.trustedIssuers ?? [];
    const unreviewed = policies.filter((p) => !issuerListed(p.issuer, trusted)).map(describePolicy);
    const inventory = federated.map((r) => {
      const own = policies.filter((p) => p.owner === r.name);
      return own.length
        ? own.map(describePolicy).join("; ")
        : `${r.name}: no federation policy (nobody can use it yet)`;
    });
    if (unreviewed.length)
      return fail(
        `${federated.length} OIDC-federated recipients; ${unreviewed.length} policies trust an issuer not in INFO-10.trustedIssuers: ${listSome(unreviewed, 3)}`,
        unreviewed,
      );
    return pass(
      `${federated.length} OIDC-federated recipients, every issuer reviewed: ${listSome(inventory, 3)}`,
      inventory,
    );
  },
});
