import { checkCases } from "../../../test/support/check-cases.ts";
import { goodCluster, goodWarehouse, k, u } from "../../../test/support/evidence.ts";
import check from "./gov-07-required-tags.ts";

checkCases(check, [
  {
    name: "everything tagged",
    status: "pass",
    message: /all 4 clusters, job clusters, pools and SQL warehouses carry CostCenter, Owner/,
  },
  {
    name: "tag names compare case-insensitively",
    status: "pass",
    edit: (e) => void (e.azure.tags = k({ costcenter: "1", OWNER: "x" })),
  },
  {
    name: "workspace without Owner",
    status: "fail",
    edit: (e) => void (e.azure.tags = k({ CostCenter: "1" })),
    message: /workspace ws \(no Owner\)/,
    resources: ["workspace ws"],
  },
  {
    name: "an empty tag value does not count",
    status: "fail",
    edit: (e) => void (e.databricks.clusters = k([goodCluster({ tags: { CostCenter: "", Owner: "x" } })])),
    resources: ['cluster "shared" (0101-000000-good0001)'],
  },
  {
    name: "untagged pool",
    status: "fail",
    edit: (e) => void (e.databricks.instancePools = k([{ id: "pool-2", name: "gpu", tags: {} }])),
    message: /pool "gpu" \(pool-2\) \(no CostCenter, Owner\)/,
  },
  {
    name: "untagged SQL warehouse",
    status: "fail",
    edit: (e) => void (e.databricks.sqlWarehouses = k([goodWarehouse({ id: "wh-2", name: "adhoc", tags: {} })])),
    message: /SQL warehouse "adhoc" \(wh-2\) \(no CostCenter, Owner\)/,
    resources: ['SQL warehouse "adhoc" (wh-2)'],
  },
  {
    name: "a serverless warehouse missing one tag",
    status: "fail",
    edit: (e) =>
      void (e.databricks.sqlWarehouses = k([
        goodWarehouse(),
        goodWarehouse({ id: "wh-3", name: "serverless", serverless: true, tags: { CostCenter: "1" } }),
      ])),
    message: /SQL warehouse "serverless" \(wh-3\) \(no Owner\)/,
    resources: ['SQL warehouse "serverless" (wh-3)'],
  },
  {
    name: "no SQL warehouses at all",
    status: "pass",
    edit: (e) => void (e.databricks.sqlWarehouses = k([])),
    message: /all 3 clusters, job clusters, pools and SQL warehouses/,
  },
  {
    name: "warehouses unreadable while everything else is tagged",
    status: "unknown",
    edit: (e) => void (e.databricks.sqlWarehouses = u()),
    message: /SQL warehouses.*403/,
  },
  {
    name: "untagged cluster while warehouses are unreadable",
    status: "fail",
    edit: (e) => {
      e.databricks.clusters = k([goodCluster({ tags: {} })]);
      e.databricks.sqlWarehouses = u();
    },
    message: /could not also judge \(so there may be more\): SQL warehouses/,
  },
  {
    name: "a custom required list",
    status: "fail",
    lists: { requiredTags: ["Environment"] },
    message: /no Environment/,
  },
  {
    name: "an empty required list",
    status: "pass",
    lists: { requiredTags: [] },
  },
  {
    name: "untagged workspace while pools are unreadable",
    status: "fail",
    edit: (e) => {
      e.azure.tags = k({});
      e.databricks.instancePools = u();
    },
    message: /could not also judge/,
  },
  { name: "workspace tags unreadable", status: "unknown", edit: (e) => void (e.azure.tags = u()) },
  { name: "clusters unreadable", status: "unknown", edit: (e) => void (e.databricks.clusters = u()) },
]);
