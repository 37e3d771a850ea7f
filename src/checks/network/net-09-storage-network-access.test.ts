import { checkCases } from "../../../test/support/check-cases.ts";
import { goodStorageAccount, k, u } from "../../../test/support/evidence.ts";
import type { StorageAccount, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./net-09-storage-network-access.ts";

function accounts(e: WorkspaceEvidence, editLake: (account: StorageAccount) => void): void {
  const lake = goodStorageAccount("datalake1", "unity-catalog");
  editLake(lake);
  e.azure.storageAccounts = k([goodStorageAccount("dbstorage1", "dbfs-root"), lake]);
}

checkCases(check, [
  { name: "both accounts disable public access", status: "pass", resources: ["dbstorage1", "datalake1"] },
  {
    name: "public access enabled, but firewall denies by default",
    status: "pass",
    edit: (e) => accounts(e, (a) => void (a.publicNetworkAccess = k("Enabled"))),
    message: /datalake1 .*firewall default action Deny, 1 private endpoint/,
  },
  {
    name: "secured by a network security perimeter",
    status: "pass",
    edit: (e) =>
      accounts(e, (a) => {
        a.publicNetworkAccess = k("SecuredByPerimeter");
        a.networkDefaultAction = k("Allow");
      }),
  },
  {
    name: "the Unity Catalog account is open to all networks",
    status: "fail",
    edit: (e) =>
      accounts(e, (a) => {
        a.publicNetworkAccess = k("Enabled");
        a.networkDefaultAction = k("Allow");
      }),
    message:
      /1 of 2 storage account\(s\) accept connections from any network: datalake1 \(Unity Catalog: external location raw\)/,
    resources: ["datalake1"],
  },
  {
    name: "open DBFS root",
    status: "fail",
    edit: (e) => {
      const root = goodStorageAccount("dbstorage1", "dbfs-root");
      root.publicNetworkAccess = k("Enabled");
      root.networkDefaultAction = k("Allow");
      e.azure.storageAccounts = k([root]);
    },
    message: /dbstorage1 \(DBFS root\)/,
  },
  {
    name: "firewall Allow and public access unreadable",
    status: "unknown",
    edit: (e) =>
      accounts(e, (a) => {
        a.publicNetworkAccess = u("property missing from the ARM response");
        a.networkDefaultAction = k("Allow");
      }),
    message: /property missing/,
  },
  {
    name: "public access Enabled, firewall unreadable",
    status: "unknown",
    edit: (e) =>
      accounts(e, (a) => {
        a.publicNetworkAccess = k("Enabled");
        a.networkDefaultAction = u();
      }),
  },
  {
    name: "public access Disabled decides even when the firewall is unreadable",
    status: "pass",
    edit: (e) => accounts(e, (a) => void (a.networkDefaultAction = u())),
  },
  { name: "storage accounts unreadable", status: "unknown", edit: (e) => void (e.azure.storageAccounts = u()) },
  {
    name: "no account found on a classic workspace",
    status: "unknown",
    edit: (e) => void (e.azure.storageAccounts = k([])),
    message: /no storage account/,
  },
  {
    name: "serverless workspace without storage accounts",
    status: "not_applicable",
    edit: (e) => {
      e.azure.storageAccounts = k([]);
      e.azure.computeMode = k("Serverless");
    },
  },
]);
