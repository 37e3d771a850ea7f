import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, goodCluster, k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-11-init-scripts.ts";

const jobs = (e: WorkspaceEvidence) => {
  if (e.databricks.jobs.status !== "known") throw new Error("fixture");
  return e.databricks.jobs.value;
};

checkCases(check, [
  { name: "clean", status: "pass" },
  {
    name: "legacy keys never set: off by default",
    status: "pass",
    edit: (e) => {
      conf(e, "enableDeprecatedGlobalInitScripts", null);
      conf(e, "enableDeprecatedClusterNamedInitScripts", null);
    },
  },
  {
    name: "a workspace-file init script is fine",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({ initScripts: [{ type: "workspace", destination: "/Shared/init/setup.sh" }] }),
      ])),
  },
  {
    name: "legacy global init scripts on",
    status: "fail",
    edit: (e) => conf(e, "enableDeprecatedGlobalInitScripts", "true"),
    message: /enableDeprecatedGlobalInitScripts "true"/,
    resources: ["enableDeprecatedGlobalInitScripts"],
  },
  {
    name: "a cluster init script on DBFS",
    status: "fail",
    edit: (e) =>
      void (e.databricks.clusters = k([
        goodCluster({ initScripts: [{ type: "dbfs", destination: "dbfs:/scripts/setup.sh" }] }),
      ])),
    resources: ['cluster "shared" (0101-000000-good0001): dbfs:/scripts/setup.sh'],
  },
  {
    name: "a job cluster init script on DBFS",
    status: "fail",
    edit: (e) => void jobs(e)[0]!.clusters[0]!.initScripts.push({ type: "dbfs", destination: "dbfs:/init/x.sh" }),
    resources: ['job "nightly-etl" (101), cluster main: dbfs:/init/x.sh'],
  },
  {
    name: "legacy scripts left under dbfs:/databricks/init",
    status: "fail",
    edit: (e) => void (e.databricks.dbfs.initScripts = k(["/databricks/init/cluster-a/install.sh"])),
    resources: ["/databricks/init/cluster-a/install.sh"],
  },
  {
    name: "legacy key on while clusters are unreadable",
    status: "fail",
    edit: (e) => {
      conf(e, "enableDeprecatedClusterNamedInitScripts", "true");
      e.databricks.clusters = u();
    },
    message: /could not also judge/,
  },
  { name: "legacy key unreadable", status: "unknown", edit: (e) => conf(e, "enableDeprecatedGlobalInitScripts", u()) },
  { name: "DBFS listing unreadable", status: "unknown", edit: (e) => void (e.databricks.dbfs.initScripts = u()) },
  { name: "clusters unreadable", status: "unknown", edit: (e) => void (e.databricks.clusters = u()) },
]);
