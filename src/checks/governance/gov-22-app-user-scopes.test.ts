import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./gov-22-app-user-scopes.ts";

const app = (scopes: string[]) => ({
  name: "finance-assistant",
  creator: null,
  servicePrincipal: null,
  userApiScopes: scopes,
  effectiveUserApiScopes: null,
  forwardUserAccessToken: null,
});

checkCases(check, [
  {
    name: "default identity scopes only; the app that receives users' tokens is named",
    status: "pass",
    message:
      /all within the approved scopes; 1 receive the signed-in user's token \(forward_user_access_token\): sales-app/,
  },
  {
    name: "an app with sql and files scopes",
    status: "fail",
    edit: (e) => void (e.databricks.apps = k([app(["sql", "files.files", "iam.current-user:read"])])),
    message: /finance-assistant \(sql, files\.files\)/,
  },
  {
    name: "sql approved in the config",
    status: "pass",
    lists: { approvedUserApiScopes: ["sql", "iam.current-user:read"] },
    edit: (e) => void (e.databricks.apps = k([app(["sql"])])),
  },
  { name: "apps forbidden", status: "unknown", edit: (e) => void (e.databricks.apps = u("HTTP 403")), message: /403/ },
  { name: "no apps", status: "not_applicable", edit: (e) => void (e.databricks.apps = k([])) },
]);
