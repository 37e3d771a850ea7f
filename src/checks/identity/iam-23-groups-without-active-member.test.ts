import { checkCases } from "../../../test/support/check-cases.ts";
import { u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-23-groups-without-active-member.ts";

const deactivate = (e: WorkspaceEvidence, userName: string) => {
  if (e.databricks.users.status === "known")
    for (const user of e.databricks.users.value) if (user.userName === userName) user.active = false;
};

checkCases(check, [
  { name: "every group has an active member", status: "pass" },
  {
    name: "analysts' only member is deactivated; its grants stay",
    status: "fail",
    edit: (e) => deactivate(e, "dana@example.com"),
    message: /1 group\(s\) have no active member: analysts \(holds \d+ grant\(s\)\)/,
    resources: ["analysts"],
  },
  {
    name: "members not listed (older snapshot): unknown",
    status: "unknown",
    edit: (e) => {
      deactivate(e, "dana@example.com");
      if (e.databricks.groups.status === "known")
        for (const group of e.databricks.groups.value) if (group.displayName === "analysts") delete group.members;
    },
    message: /group members|not listed/,
  },
  { name: "groups unreadable", status: "unknown", edit: (e) => void (e.databricks.groups = u("HTTP 403")) },
]);
