import { checkCases } from "../../../test/support/check-cases.ts";
import { u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-33-shared-with-all-users.ts";

const grantMain = (e: WorkspaceEvidence, grants: { principal: string; privileges: string[] }[] | null | undefined) => {
  if (e.databricks.unityCatalog.catalogs.status === "known")
    e.databricks.unityCatalog.catalogs.value[0]!.grants = grants;
};

checkCases(check, [
  { name: "grants go to named groups (a policy for users is fine)", status: "pass" },
  {
    name: "account users read the main catalog",
    status: "fail",
    edit: (e) => grantMain(e, [{ principal: "account users", privileges: ["USE_CATALOG", "SELECT"] }]),
    resources: ["catalog main: USE_CATALOG, SELECT to account users"],
  },
  {
    name: "users attach to a cluster",
    status: "fail",
    edit: (e) => {
      if (e.databricks.clusters.status === "known")
        e.databricks.clusters.value[0]!.permissions = [
          { principal: "users", principalType: "group", permissions: [{ level: "CAN_ATTACH_TO", inherited: false }] },
        ];
    },
    message: /cluster shared \(0101-000000-good0001\): CAN_ATTACH_TO to users/,
  },
  {
    name: "a catalog's grants not read",
    status: "unknown",
    edit: (e) => grantMain(e, null),
    message: /catalog main grants/,
  },
  {
    name: "catalogs unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.catalogs = u("HTTP 403")),
  },
]);
