import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import { kindOfName } from "../identity/principals.ts";

const SHARING_PRIVILEGES = ["CREATE_RECIPIENT", "CREATE_SHARE"];

export default defineCheck({
  meta: {
    id: "INFO-06",
    title: "Principals allowed to create Delta Sharing recipients and shares",
    category: "inventory",
    severity: "info",
    profile: "high",
    threats: ["EX"],
    controls: ["PA-7", "DP-3"],
    mcsb: ["PA-7", "AM-1"],
    sat: ["INFO-18"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "Whoever can create a Delta Sharing recipient and a share can send tables outside the organisation with a single grant, bypassing every network control. The principals holding CREATE_RECIPIENT or CREATE_SHARE on the metastore, together with the metastore owner who holds them implicitly, are the people to review; the list should be short and made of groups. It is an inventory, with one rule: a personal account (a user) holding these privileges directly fails, because sharing rights then leave with that person and are used without any group's review.",
    remediation: {
      ui: "Catalog Explorer → the metastore (gear icon → Metastore) → Permissions: review who holds CREATE RECIPIENT and CREATE SHARE; revoke them from individuals and grant them to a small sharing-admins group.",
      terraform: `resource "databricks_grants" "metastore" {
  metastore = databricks_metastore.this.id
  grant {
    principal  = "sharing-admins"
    privileges = ["CREATE_RECIPIENT", "CREATE_SHARE"]
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const metastore = context.get("Unity Catalog metastore", evidence.databricks.unityCatalog.metastore);
    if (metastore === null)
      return notApplicable("no Unity Catalog metastore is assigned, so there is no Delta Sharing");
    const grants = context.get("metastore grants", evidence.databricks.unityCatalog.metastoreGrants);
    const holding = grants
      .map((grant) => ({
        principal: grant.principal,
        privileges: grant.privileges.filter(
          (p) => SHARING_PRIVILEGES.includes(p.toUpperCase()) || p.toUpperCase() === "ALL_PRIVILEGES",
        ),
      }))
      .filter((grant) => grant.privileges.length > 0);
    const holders = holding.map((grant) => `${grant.principal} (${[...grant.privileges].sort().join(", ")})`);
    const owner = metastore.owner ? [`${metastore.owner} (metastore owner: all privileges)`] : [];
    const personal = [
      ...(metastore.owner && kindOfName(metastore.owner) === "user" ? owner : []),
      ...holding
        .filter((grant) => kindOfName(grant.principal) === "user")
        .map((g) => `${g.principal} (${[...g.privileges].sort().join(", ")})`),
    ];
    const scope =
      metastore.deltaSharingScope === "INTERNAL"
        ? "; external sharing is off (Delta Sharing scope INTERNAL)"
        : metastore.deltaSharingScope
          ? `; Delta Sharing scope ${metastore.deltaSharingScope}`
          : "";
    const all = [...owner, ...holders];
    if (personal.length)
      return fail(
        `${all.length} principal(s) may create Delta Sharing recipients or shares on metastore ${metastore.name}; personal accounts among them: ${listSome(personal)}${scope}`,
        all,
      );
    return pass(
      `${all.length} principal(s) may create Delta Sharing recipients or shares on metastore ${metastore.name}: ${all.join(", ")}${scope}`,
      all,
    );
  },
});
