import { checkCases } from "../../../test/support/check-cases.ts";
import { daysAgo, goodCluster, k, u } from "../../../test/support/evidence.ts";
import check from "./gov-08-cluster-restart.ts";

checkCases(check, [
  { name: "started two days ago", status: "pass" },
  {
    name: "up 12 days",
    status: "fail",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ name: "old", id: "c1", startTime: daysAgo(12) })])),
    message: /up 12 days/,
    resources: ["old (c1, up 12 days)"],
  },
  {
    name: "started long ago but restarted yesterday",
    status: "pass",
    edit: (e) =>
      void (e.databricks.clusters = k([goodCluster({ startTime: daysAgo(40), lastRestartedTime: daysAgo(1) })])),
  },
  {
    name: "terminated clusters do not count",
    status: "pass",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ state: "TERMINATED", startTime: daysAgo(90) })])),
  },
  {
    name: "12 days within a raised threshold",
    status: "pass",
    thresholds: { maxUptimeDays: 14 },
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ startTime: daysAgo(12) })])),
  },
  {
    name: "running without any start time",
    status: "unknown",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ startTime: null })])),
    message: /without a start/,
  },
  { name: "clusters unreadable", status: "unknown", edit: (e) => void (e.databricks.clusters = u()) },
]);
