import { checkCases } from "../../../test/support/check-cases.ts";
import { goodStorageAccount, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-05-storage-transport.ts";

const accounts = (e: WorkspaceEvidence) => {
  if (e.azure.storageAccounts.status !== "known") throw new Error("fixture");
  return e.azure.storageAccounts.value;
};
const lake = (e: WorkspaceEvidence) => accounts(e).find((a) => a.role === "unity-catalog")!;
const root = (e: WorkspaceEvidence) => accounts(e).find((a) => a.role === "dbfs-root")!;

checkCases(check, [
  { name: "both accounts hardened", status: "pass", resources: ["dbstorage1", "datalake1"] },
  {
    name: "TLS 1.3 minimum is fine",
    status: "pass",
    edit: (e) => void (lake(e).minimumTlsVersion = k("TLS1_3")),
  },
  {
    name: "anonymous access on a Unity Catalog account",
    status: "fail",
    edit: (e) => void (lake(e).allowBlobPublicAccess = k(true)),
    message: /datalake1 \(external location raw\): anonymous blob access allowed/,
    resources: ["datalake1"],
  },
  {
    name: "HTTP allowed and TLS 1.0",
    status: "fail",
    edit: (e) => {
      lake(e).httpsOnly = k(false);
      lake(e).minimumTlsVersion = k("TLS1_0");
    },
    message: /HTTP allowed.*minimum TLS version TLS1_0/,
  },
  {
    name: "the DBFS root is judged, and the message says it is Databricks-managed",
    status: "fail",
    edit: (e) => void (root(e).minimumTlsVersion = k("TLS1_1")),
    message: /dbstorage1 \(DBFS root\): minimum TLS version TLS1_1 \[Databricks-managed/,
    resources: ["dbstorage1"],
  },
  {
    name: "a failure stands even when another account's property is unreadable, and says so",
    status: "fail",
    edit: (e) => {
      lake(e).allowBlobPublicAccess = k(true);
      root(e).httpsOnly = u("HTTP 403 AuthorizationFailed");
    },
    message: /could not also judge \(so there may be more\): storage account dbstorage1 supportsHttpsTrafficOnly/,
  },
  {
    name: "one property unreadable",
    status: "unknown",
    edit: (e) => void (lake(e).minimumTlsVersion = u("HTTP 403 AuthorizationFailed")),
    message: /datalake1 minimumTlsVersion.*403/,
  },
  {
    name: "an unrecognised TLS value is not a pass",
    status: "unknown",
    edit: (e) => void (lake(e).minimumTlsVersion = k("SSL3")),
    message: /not recognised/,
  },
  { name: "accounts unreadable", status: "unknown", edit: (e) => void (e.azure.storageAccounts = u()) },
  {
    name: "no account at all on a classic workspace",
    status: "unknown",
    edit: (e) => void (e.azure.storageAccounts = k([])),
    message: /not even the DBFS root/,
  },
  {
    name: "serverless without Unity Catalog accounts",
    status: "not_applicable",
    edit: (e) => {
      e.azure.storageAccounts = k([]);
      e.azure.computeMode = k("Serverless");
    },
  },
  {
    name: "serverless with a Unity Catalog account is judged",
    status: "fail",
    edit: (e) => {
      const account = goodStorageAccount("uc2", "unity-catalog");
      account.allowBlobPublicAccess = k(true);
      e.azure.storageAccounts = k([account]);
      e.azure.computeMode = k("Serverless");
    },
    resources: ["uc2"],
  },
]);
