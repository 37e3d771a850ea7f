import { sharedWithAllUsers } from "../../graph/queries.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { gapNote, readGraph } from "../identity/graph-evidence.ts";

/** Judged elsewhere: secret scopes (DATA-31), the token API (IAM-08); cluster policies for everyone are normal. */
const JUDGED_HERE = new Set(["catalog", "externalLocation", "storageCredential", "cluster", "job"]);

export default defineCheck({
  meta: {
    id: "DATA-33",
    title: "No catalog, external location, storage credential, cluster or job is granted to `users` or `account users`",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["PA-7", "DP-2"],
    mcsb: ["PA-7", "DP-2"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "`users` holds every user of the workspace and `account users` every user of every workspace of the account, guests and service principals included. A catalog, external location or storage credential granted to either is readable by everyone the account will ever hold; a cluster or job shared with them lets everyone run code with its identity and data. Grants belong to groups that name who needs the data.",
    remediation: {
      ui: "Catalog Explorer → the catalog, external location or storage credential → Permissions: revoke the grant to `account users` / `users` and grant the same privileges to the groups that need them. Compute / Workflows → Permissions: remove `users`.",
      terraform: `resource "databricks_grants" "main" {
  catalog = databricks_catalog.main.name
  grant {
    principal  = "sales-analysts"
    privileges = ["USE_CATALOG", "USE_SCHEMA", "SELECT"]
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const { wg, reader } = readGraph(evidence, context, ["compute", "unity-catalog"]);
    const shared = sharedWithAllUsers(wg)
      .filter((s) => JUDGED_HERE.has(s.object.kind))
      .map((s) => `${s.object.label}: ${s.detail} to ${s.group}`);
    if (shared.length)
      return fail(`${shared.length} object(s) granted to every user: ${listSome(shared)}${gapNote(reader)}`, shared);
    reader.settle();
    return pass(
      "no catalog, external location, storage credential, cluster or job is granted to users or account users",
    );
  },
});
