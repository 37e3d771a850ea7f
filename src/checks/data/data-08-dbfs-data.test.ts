import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-08-dbfs-data.ts";

checkCases(check, [
  { name: "nothing on DBFS", status: "pass" },
  {
    name: "mounts",
    status: "fail",
    edit: (e) => void (e.databricks.dbfs.mounts = k(["/mnt/raw", "/mnt/finance"])),
    message: /2 mount\(s\): \/mnt\/raw, \/mnt\/finance/,
    resources: ["/mnt/raw", "/mnt/finance"],
  },
  {
    name: "managed Hive tables on the DBFS root",
    status: "fail",
    edit: (e) => void (e.databricks.dbfs.hiveWarehouse = k(["/user/hive/warehouse/sales.db"])),
    message: /managed Hive table path/,
    resources: ["/user/hive/warehouse/sales.db"],
  },
  {
    name: "mounts found while the warehouse listing failed",
    status: "fail",
    edit: (e) => {
      e.databricks.dbfs.mounts = k(["/mnt/raw"]);
      e.databricks.dbfs.hiveWarehouse = u("DBFS listing refused: storage firewall");
    },
    message: /could not also judge \(so there may be more\): DBFS \/user\/hive\/warehouse/,
  },
  { name: "mount listing unreadable", status: "unknown", edit: (e) => void (e.databricks.dbfs.mounts = u()) },
  {
    name: "warehouse listing unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.dbfs.hiveWarehouse = u()),
  },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
