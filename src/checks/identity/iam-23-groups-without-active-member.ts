import { groupsWithoutActiveMember } from "../../graph/queries.ts";
import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { gapNote, readGraph } from "./graph-evidence.ts";

export default defineCheck({
  meta: {
    id: "IAM-23",
    title: "Every group has an active member (nested groups included)",
    category: "identity",
    severity: "low",
    profile: "high",
    threats: ["IN"],
    controls: ["PA-4"],
    mcsb: ["PA-4"],
    guide: ["SCIM synchronization of users and groups"],
    sources: ["workspace-api"],
    rationale:
      "A group with no active user or service principal (only deactivated ones, or none) still holds its grants, ACL entries and entitlements. It is forgotten access: whoever is added to it next — by a SCIM sync, a mistaken rule, someone who manages the group — inherits everything at once, unreviewed. Groups with no purpose left should be removed, with their grants.",
    remediation: {
      ui: "Settings → Identity and access → Groups: delete the groups listed (or, for a group provisioned from Entra ID, remove it from the provisioning scope), after checking what they were granted (`lakeward paths` lists it).",
      terraform: `# A group exists only while it has members: manage it with its members, and delete both together.
resource "databricks_group" "etl_engineers" {
  display_name = "etl-engineers"
}
resource "databricks_group_member" "etl_dana" {
  group_id  = databricks_group.etl_engineers.id
  member_id = databricks_user.dana.id
}`,
    },
  },
  evaluate(evidence, context) {
    const { wg, reader } = readGraph(evidence, context, ["identity"]);
    const { empty, notKnown } = groupsWithoutActiveMember(wg);
    const named = empty.map((g) => `${g.group.label}${g.grants ? ` (holds ${g.grants} grant(s))` : ""}`);
    if (empty.length)
      return fail(
        `${empty.length} group(s) have no active member: ${listSome(named)}${gapNote(reader)}`,
        empty.map((g) => g.group.label),
      );
    reader.settle();
    if (notKnown.length)
      return undetermined(
        `whether ${notKnown.length} group(s) have an active member is not known (their members were not listed, or are in no SCIM list read): ${listSome(notKnown.map((g) => g.label))}`,
      );
    return pass(`every group has an active member (${wg.provenance.size} users and groups read)`);
  },
});
