import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { AclEntry, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-15-job-manage-permissions.ts";

const manage = (principal: string, principalType: AclEntry["principalType"]): AclEntry => ({
  principal,
  principalType,
  permissions: [{ level: "CAN_MANAGE", inherited: false }],
});
function grant(e: WorkspaceEvidence, ...entries: AclEntry[]): void {
  if (e.databricks.jobs.status === "known") e.databricks.jobs.value[0]!.permissions!.push(...entries);
}

checkCases(check, [
  { name: "owner SP, admins CAN_MANAGE, analysts CAN_VIEW", status: "pass" },
  {
    name: "a user with CAN_MANAGE",
    status: "fail",
    edit: (e) => grant(e, manage("dana@example.com", "user")),
    message: /nightly-etl \(101\): user dana@example\.com/,
    resources: ["nightly-etl (101): user dana@example.com"],
  },
  {
    name: "a group with CAN_MANAGE",
    status: "fail",
    edit: (e) => grant(e, manage("analysts", "group")),
    message: /group analysts/,
  },
  {
    name: "an admin user with CAN_MANAGE is fine",
    status: "pass",
    edit: (e) => grant(e, manage("a@example.com", "user")),
  },
  {
    name: "another service principal with CAN_MANAGE is fine",
    status: "pass",
    edit: (e) => grant(e, manage("22222222-aaaa-4bbb-8ccc-000000000003", "servicePrincipal")),
  },
  {
    name: "a user owner is fine",
    status: "pass",
    edit: (e) =>
      grant(e, {
        principal: "dana@example.com",
        principalType: "user",
        permissions: [
          { level: "IS_OWNER", inherited: false },
          { level: "CAN_MANAGE", inherited: false },
        ],
      }),
  },
  {
    name: "a user grant, admins unreadable",
    status: "unknown",
    edit: (e) => {
      grant(e, manage("dana@example.com", "user"));
      e.databricks.admins = u();
    },
  },
  {
    name: "permissions of a job not read",
    status: "unknown",
    edit: (e) => {
      if (e.databricks.jobs.status === "known") e.databricks.jobs.value[0]!.permissions = null;
    },
    message: /could not be read: nightly-etl/,
  },
  { name: "jobs unreadable", status: "unknown", edit: (e) => void (e.databricks.jobs = u()) },
  { name: "no jobs", status: "pass", edit: (e) => void (e.databricks.jobs = k([])) },
]);
