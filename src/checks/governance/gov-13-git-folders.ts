import { partialReader, partialSetting } from "../data/partial.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { describeSetting, isTrue } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "GOV-13",
    title: "Production code lives in Git (Git folders in use; allowed Git URL prefixes set)",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: ["IN"],
    controls: ["AM-4"],
    mcsb: ["DS-6"],
    sat: ["INFO-11"],
    guide: ["Store code in Git"],
    sources: ["workspace-api"],
    rationale:
      "Code kept only in the workspace has no review, no history beyond revisions and no backup; Git folders put it under version control, where changes are reviewed and can be rolled back. An allow-list of Git URL prefixes keeps users from cloning from, or pushing workspace code to, repositories outside the organisation.",
    remediation: {
      ui: "Workspace → Create → Git folder for each project. Workspace admin settings → Development → Git URL allow list: 'Restrict usage to URLs in allow list' and enter your organisation's prefixes (e.g. https://github.com/contoso/).",
      terraform: `resource "databricks_workspace_conf" "this" {
  custom_config = {
    "enableProjectsAllowList" = true
    "projectsAllowList"       = "https://github.com/contoso/,https://dev.azure.com/contoso/"
  }
}

resource "databricks_repo" "etl" {
  url  = "https://github.com/contoso/etl"
  path = "/Repos/team/etl"
}`,
      fix: (input) => ({
        settings: [
          { resource: "databricks_workspace_conf", path: ["custom_config", "enableProjectsAllowList"], value: true },
          {
            resource: "databricks_workspace_conf",
            path: ["custom_config", "projectsAllowList"],
            value: input.variable("git_url_allow_list", {
              type: "string",
              description: "Comma-separated Git URL prefixes Git folders may use (e.g. https://github.com/your-org/)",
            }),
          },
        ],
        manual: /no Git folders/.test(input.result.message)
          ? ["keep production code in Git folders (Workspace → Create → Git folder) instead of plain notebooks"]
          : [],
      }),
    },
  },
  evaluate(evidence, context) {
    const reader = partialReader(context);
    const problems: string[] = [];
    const offending: string[] = [];
    const repos = reader.read("Git folders", evidence.databricks.repos);
    if (repos && repos.length === 0)
      problems.push("no Git folders are in use: workspace code is not under version control");
    const enforced = partialSetting(context, evidence, reader, "enableProjectsAllowList");
    const list = partialSetting(context, evidence, reader, "projectsAllowList");
    const prefixes = (list?.value ?? "")
      .split(",")
      .map((prefix) => prefix.trim())
      .filter(Boolean);
    if (enforced && !isTrue(enforced.value))
      problems.push(`the Git URL allow-list is not enforced (enableProjectsAllowList ${describeSetting(enforced)})`);
    if (list && prefixes.length === 0)
      problems.push("no allowed Git URL prefixes are set (projectsAllowList is empty)");
    if (repos && prefixes.length) {
      const outside = repos
        .filter(
          (repo) => repo.url && !prefixes.some((prefix) => repo.url!.toLowerCase().startsWith(prefix.toLowerCase())),
        )
        .map((repo) => `${repo.path} (${repo.url})`);
      if (outside.length) {
        problems.push(`${outside.length} Git folder(s) point outside the allowed prefixes: ${listSome(outside)}`);
        offending.push(...outside);
      }
    }
    if (problems.length) return fail(`${problems.join("; ")}${reader.note()}`, offending);
    reader.settle();
    return pass(
      `${repos?.length} Git folder(s) in use, all within the enforced allow-list (${listSome(prefixes, 3)})`,
      (repos ?? []).map((repo) => repo.path),
    );
  },
});
