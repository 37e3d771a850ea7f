import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-03-cmk-managed-disks.ts";

checkCases(check, [
  { name: "key applied with rotation", status: "pass", message: /rotating/ },
  { name: "platform-managed", status: "fail", edit: (e) => void (e.azure.managedDiskCmk = k(null)) },
  { name: "unreadable", status: "unknown", edit: (e) => void (e.azure.managedDiskCmk = u()) },
  { name: "serverless", status: "not_applicable", edit: (e) => void (e.azure.computeMode = k("Serverless")) },
]);
