import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./info-10-federated-recipients.ts";

const ISSUER = "https://login.microsoftonline.com/00000000-0000-0000-0000-00000000beef/v2.0";
const federated = (e: WorkspaceEvidence) => {
  e.databricks.unityCatalog.recipients = k([
    { name: "partner", authenticationType: "TOKEN", ipAccessList: ["198.51.100.0/24"] },
    { name: "fabrikam", authenticationType: "OIDC_FEDERATION", ipAccessList: null },
  ]);
  e.databricks.unityCatalog.recipientFederationPolicies = k([
    {
      owner: "fabrikam",
      name: "fabrikam-m2m",
      issuer: ISSUER,
      audiences: ["api://share"],
      subject: "app-id-1",
      subjectClaim: "azp",
    },
  ]);
};

checkCases(check, [
  { name: "no OIDC recipients", status: "pass", message: /none of the 1 Delta Sharing recipients is OIDC-federated/ },
  {
    name: "an OIDC recipient whose issuer nobody reviewed",
    status: "fail",
    edit: federated,
    message: /1 policies trust an issuer not in INFO-10\.trustedIssuers: fabrikam: fabrikam-m2m trusts https:\/\/login/,
  },
  {
    name: "the issuer reviewed (trailing slash and case do not matter)",
    status: "pass",
    edit: federated,
    lists: { trustedIssuers: [`${ISSUER.toUpperCase()}/`] },
    message: /every issuer reviewed: fabrikam: fabrikam-m2m trusts .* for azp=app-id-1/,
  },
  {
    name: "an OIDC recipient without a policy is named",
    status: "pass",
    edit: (e) => {
      federated(e);
      e.databricks.unityCatalog.recipientFederationPolicies = k([]);
    },
    message: /fabrikam: no federation policy/,
  },
  {
    name: "policies not readable",
    status: "unknown",
    edit: (e) => {
      federated(e);
      e.databricks.unityCatalog.recipientFederationPolicies = u("HTTP 403");
    },
    message: /403/,
  },
  {
    name: "no metastore",
    status: "not_applicable",
    edit: (e) => void (e.databricks.unityCatalog.metastore = k(null)),
  },
]);
