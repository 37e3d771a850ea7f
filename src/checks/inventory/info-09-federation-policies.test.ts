import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-09-federation-policies.ts";

const policy = (owner: string, subject: string | null) => ({
  owner,
  name: "ci",
  issuer: "https://token.actions.githubusercontent.com",
  audiences: ["https://github.com/contoso"],
  subject,
  subjectClaim: subject ? "sub" : null,
});

checkCases(check, [
  {
    name: "a principal policy bound to one subject is on record",
    status: "pass",
    message: /1 federation policies, each service principal policy bound to one subject/,
    resources: [
      "etl (11111111-aaaa-4bbb-8ccc-000000000001): github-prod trusts https://token.actions.githubusercontent.com for sub=repo:contoso/pipelines:environment:prod",
    ],
  },
  {
    name: "a principal policy with no subject trusts every workflow of the issuer",
    status: "fail",
    edit: (e) => void (e.account.federationPolicies = k([policy("deploy (app-9)", null)])),
    message:
      /trust every identity of their issuer: deploy \(app-9\): ci trusts https:\/\/token\.actions\.githubusercontent\.com for any subject/,
  },
  {
    name: "an account policy maps subjects onto users and needs no single subject",
    status: "pass",
    edit: (e) => void (e.account.federationPolicies = k([policy("account", null)])),
  },
  { name: "none", status: "pass", edit: (e) => void (e.account.federationPolicies = k([])), message: /no OAuth/ },
  {
    name: "not readable",
    status: "unknown",
    edit: (e) => void (e.account.federationPolicies = u("HTTP 403")),
    message: /403/,
  },
]);
