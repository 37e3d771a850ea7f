import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-06-storage-recovery.ts";

const accounts = (e: WorkspaceEvidence) => {
  if (e.azure.storageAccounts.status !== "known") throw new Error("fixture");
  return e.azure.storageAccounts.value;
};
const lake = (e: WorkspaceEvidence) => accounts(e).find((a) => a.role === "unity-catalog")!;
const root = (e: WorkspaceEvidence) => accounts(e).find((a) => a.role === "dbfs-root")!;

checkCases(check, [
  {
    name: "Unity Catalog account protected",
    status: "pass",
    message: /datalake1 \(14 days\).*DBFS root dbstorage1 not judged/,
    resources: ["datalake1"],
  },
  {
    name: "the DBFS root's blob service is not judged (Databricks-managed)",
    status: "pass",
    edit: (e) => {
      root(e).versioning = k(false);
      root(e).blobSoftDelete = k({ enabled: false, days: null });
    },
  },
  {
    name: "versioning off",
    status: "fail",
    edit: (e) => void (lake(e).versioning = k(false)),
    message: /datalake1 \(external location raw\) lacks versioning/,
    resources: ["datalake1"],
  },
  {
    name: "no soft delete at all",
    status: "fail",
    edit: (e) => {
      lake(e).blobSoftDelete = k({ enabled: false, days: null });
      lake(e).containerSoftDelete = k({ enabled: false, days: null });
    },
    message: /lacks blob soft delete, container soft delete/,
  },
  {
    name: "blob service unreadable",
    status: "unknown",
    edit: (e) => void (lake(e).containerSoftDelete = u("HTTP 403 AuthorizationFailed")),
    message: /containerDeleteRetentionPolicy/,
  },
  { name: "accounts unreadable", status: "unknown", edit: (e) => void (e.azure.storageAccounts = u()) },
  {
    name: "only the DBFS root",
    status: "not_applicable",
    edit: (e) => void (e.azure.storageAccounts = k([root(e)])),
    message: /no customer-managed/,
  },
]);
