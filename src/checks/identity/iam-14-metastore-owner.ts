import { defineCheck, fail, notApplicable, pass, undetermined } from "../define.ts";
import { kindOfName, sameName } from "./principals.ts";

export default defineCheck({
  meta: {
    id: "IAM-14",
    title: "Unity Catalog metastore owned/administered by a group, not a personal account",
    category: "identity",
    severity: "medium",
    profile: "standard",
    threats: ["AT", "IN"],
    controls: ["PA-1"],
    mcsb: ["PA-1"],
    sat: ["GOV-21"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "The metastore owner (metastore admin) can grant itself and others any privilege on every catalog, schema, table and external location of the metastore. Held by one person, that power leaves with them, is used without review and is one phished account away from an attacker; a single service principal concentrates it in one credential. An owner group makes the holders visible, reviewable and replaceable.",
    remediation: {
      ui: "Account console → Catalog → the metastore → Configuration → Metastore admin: Edit, choose a group (e.g. metastore-admins) synchronised from Entra ID with the few people who administer Unity Catalog.",
      terraform: `resource "databricks_metastore" "this" {
  # ...
  owner = databricks_group.metastore_admins.display_name
}`,
    },
  },
  evaluate(evidence, context) {
    const metastore = context.get("Unity Catalog metastore", evidence.databricks.unityCatalog.metastore);
    if (metastore === null)
      return notApplicable("no Unity Catalog metastore is assigned to the workspace (DATA-10 reports it)");
    const owner = metastore.owner;
    if (!owner)
      return undetermined(`the owner of metastore ${metastore.name} was not returned (metastore admin rights needed?)`);
    const groups = context.peek("groups", evidence.databricks.groups);
    const users = context.peek("users", evidence.databricks.users);
    const knownGroup = groups.status === "known" && groups.value.some((group) => sameName(group.displayName, owner));
    const knownUser = users.status === "known" && users.value.some((user) => sameName(user.userName, owner));
    const kind = knownGroup ? "group" : knownUser ? "user" : kindOfName(owner);
    const resources = [`${metastore.name} (owner ${owner})`];
    if (kind === "user")
      return fail(
        `metastore ${metastore.name} is owned by the user ${owner}: one personal account administers all of Unity Catalog`,
        resources,
      );
    if (kind === "servicePrincipal")
      return fail(
        `metastore ${metastore.name} is owned by the service principal ${owner}: whoever holds its credentials administers all of Unity Catalog; make a group the owner`,
        resources,
      );
    return pass(
      `metastore ${metastore.name} is owned by the group ${owner}${knownGroup ? "" : " (an account-level group: not among the workspace's groups)"}`,
      resources,
    );
  },
});
