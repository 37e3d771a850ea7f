import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-14-metastore-owner.ts";

function owner(e: WorkspaceEvidence, name: string | null): void {
  const fact = e.databricks.unityCatalog.metastore;
  if (fact.status === "known" && fact.value) fact.value.owner = name;
}

checkCases(check, [
  {
    name: "owned by an account-level group",
    status: "pass",
    // An account-level group: not among the workspace's groups.
    edit: (e) => {
      if (e.databricks.groups.status === "known")
        e.databricks.groups.value = e.databricks.groups.value.filter((g) => g.displayName !== "metastore-admins");
    },
    message: /group metastore-admins \(an account-level group/,
  },
  { name: "owned by a workspace group", status: "pass", edit: (e) => owner(e, "analysts"), message: /group analysts$/ },
  {
    name: "owned by a user",
    status: "fail",
    edit: (e) => owner(e, "dana@example.com"),
    message: /owned by the user dana@example\.com/,
    resources: ["westeurope (owner dana@example.com)"],
  },
  {
    name: "owned by a service principal",
    status: "fail",
    edit: (e) => owner(e, "11111111-aaaa-4bbb-8ccc-000000000002"),
    message: /service principal/,
  },
  { name: "owner not returned", status: "unknown", edit: (e) => owner(e, null) },
  {
    name: "metastore unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.unityCatalog.metastore = u()),
  },
  {
    name: "no metastore",
    status: "not_applicable",
    edit: (e) => void (e.databricks.unityCatalog.metastore = k(null)),
  },
]);
