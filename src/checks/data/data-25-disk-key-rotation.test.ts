import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-25-disk-key-rotation.ts";

const KEY = { keyVaultUri: "https://kv.vault.azure.net/", keyName: "disks", keyVersion: "1" };

checkCases(check, [
  { name: "rotates", status: "pass", resources: ["https://kv.vault.azure.net/keys/disks/1"] },
  {
    name: "pinned",
    status: "fail",
    edit: (e) => void (e.azure.managedDiskCmk = k({ ...KEY, rotateToLatestVersion: false })),
    message: /pinned/,
  },
  {
    name: "no disk CMK",
    status: "not_applicable",
    edit: (e) => void (e.azure.managedDiskCmk = k(null)),
    message: /DATA-03/,
  },
  { name: "disk CMK unreadable", status: "unknown", edit: (e) => void (e.azure.managedDiskCmk = u()) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
