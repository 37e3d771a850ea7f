import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import {
  clusterWithCredentialForUsers,
  jobRunningAsAdminSp,
  ruleSetGivesAdminSpToAnalysts,
} from "../../../test/support/graph-fixtures.ts";
import check from "./iam-21-run-as-service-principal.ts";

checkCases(check, [
  { name: "jobs run as their owner SP, managed by admins only", status: "pass" },
  {
    name: "analysts may run jobs as an admin service principal (its account rule set)",
    status: "fail",
    edit: ruleSetGivesAdminSpToAnalysts,
    message:
      /analysts —\[can-assume: roles\/servicePrincipal\.user on the service principal \(account rule set\)\]→ prod-etl/,
    resources: [
      "analysts → prod-etl (11111111-2222-4333-8444-555555555555)",
      "dana@example.com → prod-etl (11111111-2222-4333-8444-555555555555)",
    ],
  },
  {
    name: "the rule sets not read: unknown, not a pass",
    status: "unknown",
    edit: (e) => void (e.account.servicePrincipalRoles = u("HTTP 403 PERMISSION_DENIED")),
  },
  {
    name: "analysts can change a job running as an admin service principal",
    status: "fail",
    edit: (e) => jobRunningAsAdminSp(e),
    message: /analysts —\[granted: CAN_MANAGE\]→ job prod-load \(777\) —\[runs-as/,
    resources: ["analysts → prod-etl (11111111-2222-4333-8444-555555555555)"],
  },
  {
    name: "users can restart a cluster carrying a client secret",
    status: "fail",
    edit: clusterWithCredentialForUsers,
    message:
      /users —\[granted: CAN_RESTART\]→ cluster etl \(c-2\) —\[carries-credential: fs\.azure\.account\.oauth2\.client\.secret\]/,
  },
  {
    name: "an app's principal that holds nothing gives nothing",
    status: "pass",
    edit: (e) => {
      e.databricks.apps = k([
        {
          name: "status",
          creator: "dana@example.com",
          servicePrincipal: "app-status",
          userApiScopes: [],
          effectiveUserApiScopes: null,
          forwardUserAccessToken: null,
        },
      ]);
    },
  },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u("HTTP 403")) },
  {
    name: "cluster ACLs not collected (older snapshot): unknown",
    status: "unknown",
    edit: (e) => {
      if (e.databricks.clusters.status === "known") delete e.databricks.clusters.value[0]!.permissions;
    },
    message: /does not carry cluster ACLs/,
  },
]);
