import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-05-secret-scopes.ts";

checkCases(check, [
  {
    name: "a Key Vault-backed scope",
    status: "pass",
    resources: ["datalake (Key Vault kv)"],
    message: /1 backed by Azure Key Vault/,
  },
  {
    name: "a Databricks-backed scope",
    status: "pass",
    edit: (e) =>
      void (e.databricks.secretScopes = k([
        { name: "local", backend: "DATABRICKS", keyVaultResourceId: null, acls: k([]) },
      ])),
    resources: ["local (Databricks)"],
  },
  {
    name: "no scope",
    status: "fail",
    edit: (e) => void (e.databricks.secretScopes = k([])),
    message: /no secret scope/,
  },
  { name: "scopes unreadable", status: "unknown", edit: (e) => void (e.databricks.secretScopes = u()) },
]);
