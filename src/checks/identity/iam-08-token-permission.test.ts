import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./iam-08-token-permission.ts";

const usersCanUse = [
  { principal: "users", principalType: "group" as const, permissions: [{ level: "CAN_USE", inherited: false }] },
];

checkCases(check, [
  { name: "only a group of automation identities", status: "pass", message: /group automation/ },
  {
    name: "all users",
    status: "fail",
    edit: (e) => void (e.databricks.tokenPermissions = k(usersCanUse)),
    message: /users/,
  },
  {
    name: "tokens disabled",
    status: "pass",
    edit: (e) => {
      conf(e, "enableTokensConfig", "false");
      e.databricks.tokenPermissions = k(usersCanUse);
    },
  },
  {
    name: "workspace-conf unreadable still judged on the ACL",
    status: "fail",
    edit: (e) => {
      conf(e, "enableTokensConfig", u());
      e.databricks.tokenPermissions = k(usersCanUse);
    },
  },
  { name: "ACL unreadable", status: "unknown", edit: (e) => void (e.databricks.tokenPermissions = u()) },
  {
    name: "standard SKU: no token management",
    status: "not_applicable",
    edit: (e) => void (e.azure.sku = k("standard")),
  },
]);
