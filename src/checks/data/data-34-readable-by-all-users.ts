import { readableByAll } from "../../graph/data-readers.ts";
import type { Path } from "../../graph/queries.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { gapNote, readGraph, resultPaths } from "../identity/graph-evidence.ts";

export default defineCheck({
  meta: {
    id: "DATA-34",
    title: "No Unity Catalog table or volume is readable by `users` or `account users`",
    category: "data",
    severity: "high",
    profile: "standard",
    threats: ["EX", "IN"],
    controls: ["PA-7", "DP-2"],
    mcsb: ["PA-7", "DP-2"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "A grant below the catalog is easy to miss: SELECT or MODIFY given to `account users` on one schema, READ VOLUME to `users` on one volume. Reading a table takes three privileges at once — SELECT (READ VOLUME) on it or a container, USE SCHEMA and USE CATALOG — so this check fails only where everyone holds all three, naming the grant behind each. `account users` is every user and service principal of every workspace of the account; the data belongs to groups that name who needs it.",
    remediation: {
      ui: "Catalog Explorer → the schema, table or volume → Permissions: revoke the grants to `account users` / `users` and grant them to the groups that need the data (and check the catalog's grants: USE CATALOG to everyone is what lets a schema grant reach them).",
      terraform: `resource "databricks_grants" "sales" {
  schema = "main.sales"
  grant {
    principal  = "sales-analysts"
    privileges = ["USE_SCHEMA", "SELECT"]
  }
}`,
    },
  },
  evaluate(evidence, context) {
    // Memberships and the grants on every catalog, schema, table and volume the answer rests on.
    const { wg, reader } = readGraph(evidence, context, ["identity", "unity-catalog", "uc-objects"]);
    const found = readableByAll(wg);
    if (found.length) {
      const named = found.map((r) => `${r.object.label} to ${r.group}`);
      // For the path graph: one path per privilege, from the group to the object.
      const paths: Path[] = found.flatMap((r) =>
        r.chains.map((c) => ({
          principal: c.steps[0]!.from,
          // "direct": the group's own grant; "nested-group": a grant to a group it is in.
          kind: c.steps[0]!.kind === "member-of" ? ("nested-group" as const) : ("direct" as const),
          steps: c.steps,
        })),
      );
      const how = found
        .slice(0, 3)
        .map(
          (r) =>
            `${r.object.label} (${r.chains.map((c) => `${c.privilege} via ${c.steps.find((s) => s.kind === "granted" || s.kind === "owns")?.to.label}`).join(", ")})`,
        );
      return fail(
        `${found.length} table(s) or volume(s) every user can read: ${listSome(how)}${gapNote(reader)}`,
        named,
        resultPaths(paths),
      );
    }
    reader.settle();
    return pass(
      "no table or volume is readable by users or account users (SELECT or READ VOLUME, USE SCHEMA and USE CATALOG)",
    );
  },
});
