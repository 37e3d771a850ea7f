import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./iam-19-inactive-service-principals.ts";

checkCases(check, [
  { name: "every principal active", status: "pass", message: /all 1 account service principals are active/ },
  {
    name: "a deactivated principal kept",
    status: "fail",
    edit: (e) =>
      void (e.account.servicePrincipals = k([
        { id: "1", applicationId: "app-1", displayName: "etl", active: true },
        { id: "2", applicationId: "app-2", displayName: "legacy-ingest", active: false },
      ])),
    message: /1 of 2 account service principals are deactivated/,
    resources: ["legacy-ingest (app-2)"],
  },
  { name: "no principals at all", status: "pass", edit: (e) => void (e.account.servicePrincipals = k([])) },
  {
    name: "account API not read",
    status: "unknown",
    edit: (e) => void (e.account.servicePrincipals = u("the account API was not read (give --account-id)")),
    message: /account-id/,
  },
]);
