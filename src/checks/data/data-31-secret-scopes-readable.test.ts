import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-31-secret-scopes-readable.ts";

type Acls = Extract<WorkspaceEvidence["databricks"]["secretScopes"], { status: "known" }>["value"][number]["acls"];

const acls = (e: WorkspaceEvidence, value: Acls) => {
  if (e.databricks.secretScopes.status === "known")
    e.databricks.secretScopes = k(e.databricks.secretScopes.value.map((scope) => ({ ...scope, acls: value })));
};

checkCases(check, [
  { name: "read by one group only", status: "pass", message: /none of the 1 secret scopes/ },
  {
    name: "READ to users",
    status: "fail",
    edit: (e) => acls(e, k([{ principal: "users", permission: "READ" }])),
    message: /datalake \(READ to users\)/,
  },
  {
    name: "standard tier: no ACLs, everyone reads",
    status: "fail",
    edit: (e) => void (e.azure.sku = k("standard")),
    message: /every user can read/,
  },
  { name: "ACL unreadable", status: "unknown", edit: (e) => acls(e, u("HTTP 403")), message: /403/ },
  { name: "scopes forbidden", status: "unknown", edit: (e) => void (e.databricks.secretScopes = u("HTTP 403")) },
]);
