import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./net-12-dbfs-storage-firewall.ts";

checkCases(check, [
  {
    name: "enabled with an access connector",
    status: "pass",
    resources: ["dbstorage1"],
    message: /accessConnectors\/ac/,
  },
  {
    name: "disabled",
    status: "fail",
    edit: (e) => void (e.azure.defaultStorageFirewall = k({ enabled: false, accessConnectorId: null })),
    message: /off: the DBFS root storage account dbstorage1 accepts connections from any network/,
    resources: ["dbstorage1"],
  },
  {
    name: "an access connector alone does not enable the firewall",
    status: "fail",
    edit: (e) =>
      void (e.azure.defaultStorageFirewall = k({
        enabled: false,
        accessConnectorId: "/subscriptions/s/accessConnectors/ac",
      })),
  },
  {
    name: "enabled without an access connector",
    status: "fail",
    edit: (e) => void (e.azure.defaultStorageFirewall = k({ enabled: true, accessConnectorId: null })),
    message: /no access connector/,
  },
  {
    name: "storage account list unknown: still judged, without the account name",
    status: "fail",
    edit: (e) => {
      e.azure.storageAccounts = u();
      e.azure.defaultStorageFirewall = k({ enabled: false, accessConnectorId: null });
    },
    message: /the DBFS root storage account accepts/,
  },
  {
    name: "firewall setting unreadable (old API version)",
    status: "unknown",
    edit: (e) =>
      void (e.azure.defaultStorageFirewall = u("api-version 2023-02-01 does not return defaultStorageFirewall")),
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
