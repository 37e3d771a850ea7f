import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-07-resource-locks.ts";

const accounts = (e: WorkspaceEvidence) => {
  if (e.azure.storageAccounts.status !== "known") throw new Error("fixture");
  return e.azure.storageAccounts.value;
};
const lake = (e: WorkspaceEvidence) => accounts(e).find((a) => a.role === "unity-catalog")!;

checkCases(check, [
  { name: "workspace and data lake locked", status: "pass", message: /no-delete \(CanNotDelete on workspaces\/ws\)/ },
  {
    name: "a lock on the resource group counts",
    status: "pass",
    edit: (e) =>
      void (e.azure.locks = k([
        { name: "rg-lock", level: "CanNotDelete", scope: "/subscriptions/s/resourceGroups/rg" },
      ])),
    message: /rg-lock/,
  },
  {
    name: "the DBFS root without lock is not judged",
    status: "pass",
    message: /DBFS root dbstorage1 not judged/,
  },
  {
    name: "workspace unlocked",
    status: "fail",
    edit: (e) => void (e.azure.locks = k([])),
    message: /workspace ws has no lock/,
    resources: ["/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws"],
  },
  {
    name: "data lake unlocked",
    status: "fail",
    edit: (e) => void (lake(e).locks = k([])),
    message: /datalake1 \(external location raw\) has no lock/,
    resources: ["datalake1"],
  },
  {
    name: "workspace unlocked while the accounts cannot be read",
    status: "fail",
    edit: (e) => {
      e.azure.locks = k([]);
      e.azure.storageAccounts = u("HTTP 403");
    },
    message: /could not also judge \(so there may be more\): storage accounts/,
  },
  {
    name: "a NotSpecified lock (in the spec's enum) does not protect the workspace",
    status: "fail",
    edit: (e) =>
      void (e.azure.locks = k([
        { name: "placeholder", level: "NotSpecified", scope: "/subscriptions/s/resourceGroups/rg" },
      ])),
    message: /workspace ws has no lock .*placeholder is NotSpecified, which does not prevent deletion/,
  },
  { name: "workspace locks unreadable", status: "unknown", edit: (e) => void (e.azure.locks = u()) },
  {
    name: "account locks unreadable",
    status: "unknown",
    edit: (e) => void (lake(e).locks = u("HTTP 403 AuthorizationFailed")),
    message: /datalake1 locks/,
  },
]);
