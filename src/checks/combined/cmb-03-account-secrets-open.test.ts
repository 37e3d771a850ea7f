import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, k, u } from "../../../test/support/evidence.ts";
import check from "./cmb-03-account-secrets-open.ts";

const forever = k([
  { servicePrincipal: "etl (app-1)", id: "sec-forever", status: "ACTIVE", createdAt: daysAgo(400), expiresAt: null },
]);

checkCases(check, [
  {
    name: "a secret that never expires and an account open to every address: critical",
    status: "fail",
    edit: (e) => {
      e.account.servicePrincipalSecrets = forever;
      e.account.ipAccessListsEnforced = k(false);
    },
    message: /all hold together — IAM-18: .*sec-forever.* · NET-10: /,
  },
  {
    name: "account IP access lists break the chain",
    status: "pass",
    edit: (e) => void (e.account.servicePrincipalSecrets = forever),
    message: /NET-10 .* passes/,
  },
  {
    name: "account API not read",
    status: "unknown",
    edit: (e) => {
      e.account.servicePrincipalSecrets = u("the account API was not read (give --account-id)");
      e.account.ipAccessListsEnforced = u("the account API was not read (give --account-id)");
    },
    message: /account-id/,
  },
]);
