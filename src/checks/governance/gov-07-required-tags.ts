import { clusterSpecs, jobClusterSpecs } from "../data/compute.ts";
import { partialReader } from "../data/partial.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";

/** The required tags a tag set lacks; names compare case-insensitively (as Azure does), values must be non-empty. */
function missingTags(tags: Record<string, string>, required: readonly string[]): string[] {
  const present = new Set(
    Object.entries(tags)
      .filter(([, value]) => value.trim() !== "")
      .map(([key]) => key.toLowerCase()),
  );
  return required.filter((tag) => !present.has(tag.toLowerCase()));
}

export default defineCheck({
  meta: {
    id: "GOV-07",
    title: "Required tags (CostCenter, Owner) on clusters, pools, SQL warehouses and the workspace",
    category: "governance",
    severity: "low",
    profile: "high",
    threats: ["RA"],
    controls: ["AM-2", "IR-5"],
    mcsb: ["AM-1"],
    guide: ["Configure tagging to monitor usage and enable charge-back"],
    sources: ["workspace-api", "arm", "iac"],
    rationale:
      "Tags on the workspace, clusters, pools and SQL warehouses flow to the Azure resources and the bill (serverless usage included, through the billing system table), so usage can be charged back and an unexpected spend traced to an owner. Untagged compute is what nobody notices when it is abused, and nobody can be asked about during an incident; cluster policies can force the tags on clusters so users cannot forget them, and warehouses carry theirs in their own settings.",
    remediation: {
      ui: "Azure portal → the workspace → Tags: add the required tags. Compute → each listed cluster / pool → Edit → Tags; for jobs, the job's cluster → Advanced → Tags. SQL Warehouses → each listed warehouse → Edit → Advanced options → Tags. Fix the tags in cluster policies (custom_tags.<name>) so new clusters carry them.",
      terraform: `resource "azurerm_databricks_workspace" "this" {
  # ...
  tags = { CostCenter = "1234", Owner = "data-platform" }
}

resource "databricks_cluster_policy" "team" {
  name = "team-small"
  definition = jsonencode({
    "custom_tags.CostCenter" = { type = "fixed", value = "1234" }
    "custom_tags.Owner"      = { type = "fixed", value = "data-platform" }
  })
}

resource "databricks_sql_endpoint" "bi" {
  name         = "bi"
  cluster_size = "Small"
  tags {
    custom_tags {
      key   = "CostCenter"
      value = "1234"
    }
    custom_tags {
      key   = "Owner"
      value = "data-platform"
    }
  }
}`,
      fix: (input) => {
        const current = input.evidence("workspace tags");
        const tags = current && typeof current === "object" && !Array.isArray(current) ? current : {};
        const required = ["CostCenter", "Owner"];
        const value = (tag: string) =>
          input.variable(`tag_${tag.toLowerCase()}`, {
            type: "string",
            description: `The ${tag} tag for the workspace, its clusters, pools and SQL warehouses`,
          });
        const compute = input.result.resources.filter((r) => !r.startsWith("workspace "));
        const otherwise = `tag the compute the finding names (Compute → Edit → Tags; SQL Warehouses → Edit → Tags): ${compute.join(", ") || input.result.message}`;
        // A tag already there is the owner's: only missing ones are added (ifAbsent).
        const on = (resource: string, path: (tag: string) => string[]) =>
          required.map((tag) => ({ resource, path: path(tag), value: value(tag), ifAbsent: true, otherwise }));
        return {
          settings: [
            ...required
              .filter((tag) => !(tag in tags))
              .map((tag) => ({ resource: "azurerm_databricks_workspace", path: ["tags", tag], value: value(tag) })),
            ...(compute.length
              ? [
                  ...on("databricks_cluster", (tag) => ["custom_tags", tag]),
                  ...on("databricks_instance_pool", (tag) => ["custom_tags", tag]),
                  ...on("databricks_job", (tag) => ["job_cluster?", "new_cluster?", "custom_tags", tag]),
                  ...on("databricks_sql_endpoint", (tag) => ["tags", `custom_tags[key=${tag}]`, "value"]),
                ]
              : []),
          ],
        };
      },
    },
    lists: {
      requiredTags: {
        default: ["CostCenter", "Owner"],
        description:
          "tags the workspace, every cluster, job cluster, instance pool and SQL warehouse must carry (non-empty)",
      },
    },
  },
  evaluate(evidence, context) {
    const required = context.lists.requiredTags ?? ["CostCenter", "Owner"];
    const reader = partialReader(context);
    const untagged: { name: string; missing: string[] }[] = [];
    const workspaceTags = reader.read("workspace tags", evidence.azure.tags);
    if (workspaceTags) {
      const missing = missingTags(workspaceTags, required);
      if (missing.length) untagged.push({ name: `workspace ${evidence.workspace.name}`, missing });
    }
    const clusters = reader.read("clusters", evidence.databricks.clusters);
    const jobs = reader.read("jobs", evidence.databricks.jobs);
    const pools = reader.read("instance pools", evidence.databricks.instancePools);
    const warehouses = reader.read("SQL warehouses", evidence.databricks.sqlWarehouses);
    const resources = [
      ...[...clusterSpecs(clusters ?? []), ...jobClusterSpecs(jobs ?? [])].map((spec) => ({
        name: spec.label,
        tags: spec.tags,
      })),
      ...(pools ?? []).map((pool) => ({ name: `pool "${pool.name}" (${pool.id})`, tags: pool.tags })),
      ...(warehouses ?? []).map((w) => ({ name: `SQL warehouse "${w.name}" (${w.id})`, tags: w.tags })),
    ];
    for (const resource of resources) {
      const missing = missingTags(resource.tags, required);
      if (missing.length) untagged.push({ name: resource.name, missing });
    }
    if (untagged.length)
      return fail(
        `${untagged.length} resource(s) lack required tags: ${listSome(
          untagged.map(({ name, missing }) => `${name} (no ${missing.join(", ")})`),
          4,
        )}${reader.note()}`,
        untagged.map(({ name }) => name),
      );
    reader.settle();
    return pass(
      `the workspace and all ${resources.length} clusters, job clusters, pools and SQL warehouses carry ${required.join(", ")}`,
    );
  },
});
