import { checkCases } from "../../../test/support/check-cases.ts";
import { u } from "../../../test/support/evidence.ts";
import { localAccountAdmin, nestedGroupInAdmins } from "../../../test/support/graph-fixtures.ts";
import check from "./iam-22-privileged-from-entra.ts";

checkCases(check, [
  { name: "admins and the metastore's owner group come from Entra ID", status: "pass" },
  {
    name: "a local group nested in admins, with a local member",
    status: "fail",
    edit: nestedGroupInAdmins,
    message: /2 admin user\(s\) or group\(s\).*platform-team \(workspace admin: platform-team —\[member-of/,
    resources: ["platform-team", "ola@example.com"],
  },
  {
    name: "the metastore is owned by an account-level group not in the workspace",
    status: "unknown",
    edit: (e) => {
      if (e.databricks.groups.status === "known")
        e.databricks.groups.value = e.databricks.groups.value.filter((g) => g.displayName !== "metastore-admins");
    },
    message: /metastore-admins \(metastore admin/,
  },
  { name: "users unreadable", status: "unknown", edit: (e) => void (e.databricks.users = u("HTTP 403")) },
  {
    name: "an account admin made by hand in the account, named with its path",
    status: "fail",
    edit: localAccountAdmin,
    message:
      /root@example\.com \(account admin: root@example\.com —\[is-admin: account admin \(account SCIM role account_admin\)\]→ account admin\)/,
    resources: ["root@example.com"],
  },
  {
    name: "the account admins not read: unknown, not a pass",
    status: "unknown",
    edit: (e) => void (e.account.accountAdmins = u("the account API was not read (give --account-id)")),
    message: /account admins/,
  },
]);
