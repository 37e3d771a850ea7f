import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-26-delta-sharing.ts";

const metastore = (e: WorkspaceEvidence) => {
  const fact = e.databricks.unityCatalog.metastore;
  if (fact.status !== "known" || !fact.value) throw new Error("fixture");
  return fact.value;
};

checkCases(check, [
  { name: "30-day tokens, recipient with IP list", status: "pass", message: /30 days.*1 token recipient/ },
  {
    name: "Databricks-to-Databricks recipients need no IP list",
    status: "pass",
    edit: (e) =>
      void (e.databricks.unityCatalog.recipients = k([
        { name: "sister-ws", authenticationType: "DATABRICKS", ipAccessList: null },
      ])),
  },
  {
    name: "tokens never expire (0)",
    status: "fail",
    edit: (e) => void (metastore(e).recipientTokenLifetimeSeconds = 0),
    message: /never expire/,
    resources: ["metastore westeurope"],
  },
  {
    name: "one-year tokens",
    status: "fail",
    edit: (e) => void (metastore(e).recipientTokenLifetimeSeconds = 365 * 86_400),
    message: /live 365 days.*at most 90/,
  },
  {
    name: "one-year tokens within a raised threshold",
    status: "pass",
    thresholds: { maxTokenLifetimeDays: 400 },
    edit: (e) => void (metastore(e).recipientTokenLifetimeSeconds = 365 * 86_400),
  },
  {
    name: "a token recipient without IP list",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.recipients = k([
        { name: "partner", authenticationType: "TOKEN", ipAccessList: ["198.51.100.0/24"] },
        { name: "vendor", authenticationType: "TOKEN", ipAccessList: [] },
      ])),
    message: /1 token recipient\(s\) without an IP access list: vendor/,
    resources: ["recipient vendor"],
  },
  {
    name: "lifetime not reported",
    status: "unknown",
    edit: (e) => void (metastore(e).recipientTokenLifetimeSeconds = null),
  },
  {
    name: "lifetime 0 while recipients are unreadable",
    status: "fail",
    edit: (e) => {
      metastore(e).recipientTokenLifetimeSeconds = 0;
      e.databricks.unityCatalog.recipients = u();
    },
    message: /could not also judge/,
  },
  { name: "recipients unreadable", status: "unknown", edit: (e) => void (e.databricks.unityCatalog.recipients = u()) },
  { name: "metastore unreadable", status: "unknown", edit: (e) => void (e.databricks.unityCatalog.metastore = u()) },
  {
    name: "internal sharing only",
    status: "not_applicable",
    edit: (e) => void (metastore(e).deltaSharingScope = "INTERNAL"),
  },
  {
    name: "no metastore",
    status: "not_applicable",
    edit: (e) => void (e.databricks.unityCatalog.metastore = k(null)),
  },
]);
