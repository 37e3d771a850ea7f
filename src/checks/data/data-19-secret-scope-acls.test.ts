import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { SecretScope } from "../../evidence/model.ts";
import check from "./data-19-secret-scope-acls.ts";

const scope = (name: string, acls: SecretScope["acls"]): SecretScope => ({
  name,
  backend: "DATABRICKS",
  keyVaultResourceId: null,
  acls,
});

checkCases(check, [
  { name: "only READ to a group", status: "pass" },
  {
    name: "no scopes",
    status: "pass",
    edit: (e) => void (e.databricks.secretScopes = k([])),
    message: /no secret scopes/,
  },
  {
    name: "READ to users is fine",
    status: "pass",
    edit: (e) =>
      void (e.databricks.secretScopes = k([scope("shared", k([{ principal: "users", permission: "READ" }]))])),
  },
  {
    name: "MANAGE to users",
    status: "fail",
    edit: (e) =>
      void (e.databricks.secretScopes = k([
        scope("shared", k([{ principal: "users", permission: "MANAGE" }])),
        scope("ops", k([{ principal: "users", permission: "WRITE" }])),
      ])),
    message: /2 scope grant\(s\).*shared: MANAGE to users, ops: WRITE to users/,
    resources: ["shared: MANAGE to users", "ops: WRITE to users"],
  },
  {
    name: "Standard tier: everyone has MANAGE",
    status: "fail",
    edit: (e) => void (e.azure.sku = k("standard")),
    message: /every user has MANAGE/,
    resources: ["datalake"],
  },
  {
    name: "the trial tier has Premium's secret ACLs: judged by them (issue 11 item 15)",
    status: "pass",
    edit: (e) => void (e.azure.sku = k("trial")),
  },
  {
    name: "a grant found while another scope's ACL is unreadable",
    status: "fail",
    edit: (e) =>
      void (e.databricks.secretScopes = k([
        scope("shared", k([{ principal: "users", permission: "WRITE" }])),
        scope("ops", u("HTTP 403")),
      ])),
    message: /could not also judge/,
  },
  {
    name: "an ACL unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.secretScopes = k([scope("ops", u("HTTP 403 PERMISSION_DENIED"))])),
    message: /secret scope ops ACL/,
  },
  { name: "scopes unreadable", status: "unknown", edit: (e) => void (e.databricks.secretScopes = u()) },
  { name: "SKU unknown", status: "unknown", edit: (e) => void (e.azure.sku = u()) },
]);
