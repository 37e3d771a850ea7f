import { defineCheck, fail, listSome, pass } from "../define.ts";
import { DAY_MS } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "IAM-13",
    title: "No dormant users: every active user signed in within 90 days",
    category: "identity",
    severity: "medium",
    profile: "high",
    threats: ["AT"],
    controls: ["PA-3"],
    mcsb: ["PA-3", "PA-4"],
    guide: ["SCIM synchronization of users and groups", "Azure Databricks diagnostic log delivery"],
    sources: ["workspace-api", "audit-logs"],
    rationale:
      "An account nobody uses still holds its access and can still be phished, guessed or reused, and its owner would not notice the misuse. Users who have not signed in for months should be deactivated (through SCIM, in Entra ID) until they need access again; the sign-ins come from the audit log, so a user with no recorded sign-in counts as dormant.",
    remediation: {
      ui: "Remove the listed users from the Entra ID groups assigned to Azure Databricks (SCIM deactivates them), or Workspace admin settings → Identity and access → Users → the user → Deactivate.",
      terraform: `# For users managed in Terraform rather than by SCIM:
resource "databricks_user" "dormant" {
  user_name = "former.analyst@contoso.com"
  active    = false
}`,
    },
    thresholds: {
      maxIdleDays: { default: 90, unit: "days", description: "longest time an active user may go without signing in" },
    },
  },
  evaluate(evidence, context) {
    const users = context.get("users", evidence.databricks.users);
    const signIns = context.get("last sign-ins (audit log)", evidence.databricks.lastSignIns);
    const maxIdle = context.thresholds.maxIdleDays ?? 90;
    const now = context.now.getTime();
    const last = new Map(Object.entries(signIns).map(([user, time]) => [user.toLowerCase(), Date.parse(time)]));
    const active = users.filter((user) => user.active);
    const dormant: string[] = [];
    for (const user of active) {
      const time = last.get(user.userName.toLowerCase());
      if (time === undefined || Number.isNaN(time)) dormant.push(`${user.userName} (no sign-in recorded)`);
      else if (now - time > maxIdle * DAY_MS)
        dormant.push(`${user.userName} (last sign-in ${Math.floor((now - time) / DAY_MS)} days ago)`);
    }
    if (dormant.length)
      return fail(
        `${dormant.length} of ${active.length} active user(s) have not signed in within ${maxIdle} days: ${listSome(dormant)}`,
        dormant,
      );
    return pass(`all ${active.length} active user(s) signed in within the last ${maxIdle} days`);
  },
});
