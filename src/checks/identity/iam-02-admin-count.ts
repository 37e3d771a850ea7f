import { defineCheck, fail, listSome, pass, plural } from "../define.ts";

export default defineCheck({
  meta: {
    id: "IAM-02",
    title: "Number of workspace admins at most 5",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["AT", "IN"],
    controls: ["PA-1", "PA-7"],
    mcsb: ["PA-1"],
    sat: ["INFO-6"],
    guide: ["Separate admin accounts from normal user accounts"],
    sources: ["workspace-api"],
    rationale:
      "Every workspace admin can change security settings, read any notebook and grant themselves access to data. Each additional admin account is one more credential whose takeover compromises the whole workspace.",
    remediation: {
      ui: "Workspace admin settings → Identity and access → Groups → admins: remove members who do not administer the workspace; give day-to-day accounts ordinary entitlements.",
      terraform: `# Manage the admins group's membership explicitly, so additions show up in review.
data "databricks_group" "admins" {
  display_name = "admins"
}

resource "databricks_group_member" "platform_admin" {
  group_id  = data.databricks_group.admins.id
  member_id = databricks_user.platform_admin.id
}`,
    },
    thresholds: {
      maxAdmins: {
        default: 5,
        unit: "principals",
        description: "most workspace admins (users and service principals, nested groups expanded)",
      },
    },
  },
  evaluate(evidence, context) {
    const admins = context.get("members of the admins group", evidence.databricks.admins);
    const max = context.thresholds.maxAdmins ?? 5;
    const names = admins.map((admin) => (admin.via ? `${admin.name} (via ${admin.via})` : admin.name));
    const users = admins.filter((admin) => admin.type === "user").length;
    const breakdown = `${plural(users, "user")}, ${plural(admins.length - users, "service principal")}`;
    return admins.length > max
      ? fail(`${admins.length} workspace admins (${breakdown}), more than ${max}: ${listSome(names)}`, names)
      : pass(`${admins.length} workspace admins (${breakdown}), at most ${max}`, names);
  },
});
