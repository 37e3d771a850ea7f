import { checkCases } from "../../../test/support/check-cases.ts";
import { u } from "../../../test/support/evidence.ts";
import { nestedGroupInAdmins } from "../../../test/support/graph-fixtures.ts";
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
]);
