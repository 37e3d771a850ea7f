import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-06-delta-sharing-principals.ts";

checkCases(check, [
  {
    name: "owner group and a sharing group",
    status: "pass",
    message:
      /2 principal\(s\).*metastore-admins \(metastore owner.*sharing-admins \(CREATE_RECIPIENT, CREATE_SHARE\); Delta Sharing scope INTERNAL_AND_EXTERNAL/,
    resources: ["sharing-admins (CREATE_RECIPIENT, CREATE_SHARE)"],
  },
  {
    name: "ALL_PRIVILEGES counts, unrelated privileges do not; a user holding them fails",
    status: "fail",
    edit: (e) =>
      void (e.databricks.unityCatalog.metastoreGrants = k([
        { principal: "dana@example.com", privileges: ["ALL_PRIVILEGES"] },
        { principal: "analysts", privileges: ["CREATE_CATALOG"] },
      ])),
    resources: ["dana@example.com (ALL_PRIVILEGES)"],
    message: /^2 principal.*personal accounts among them: dana@example\.com \(ALL_PRIVILEGES\)/,
  },
  {
    name: "a user as metastore owner",
    status: "fail",
    edit: (e) => {
      const fact = e.databricks.unityCatalog.metastore;
      if (fact.status === "known" && fact.value) fact.value.owner = "dana@example.com";
    },
    message: /personal accounts among them: dana@example\.com \(metastore owner/,
  },
  {
    name: "external sharing off",
    status: "pass",
    edit: (e) => {
      const fact = e.databricks.unityCatalog.metastore;
      if (fact.status === "known" && fact.value) fact.value.deltaSharingScope = "INTERNAL";
    },
    message: /external sharing is off/,
  },
  { name: "grants unreadable", status: "unknown", edit: (e) => void (e.databricks.unityCatalog.metastoreGrants = u()) },
  { name: "metastore unreadable", status: "unknown", edit: (e) => void (e.databricks.unityCatalog.metastore = u()) },
  { name: "no metastore", status: "not_applicable", edit: (e) => void (e.databricks.unityCatalog.metastore = k(null)) },
]);
