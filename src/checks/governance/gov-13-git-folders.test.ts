import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, k, u } from "../../../test/support/evidence.ts";
import check from "./gov-13-git-folders.ts";

checkCases(check, [
  { name: "Git folders within the enforced allow-list", status: "pass", resources: ["/Repos/team/etl"] },
  {
    name: "no Git folders",
    status: "fail",
    edit: (e) => void (e.databricks.repos = k([])),
    message: /no Git folders/,
  },
  {
    name: "allow-list never enforced",
    status: "fail",
    edit: (e) => conf(e, "enableProjectsAllowList", null),
    message: /not enforced \(enableProjectsAllowList never set \(default "false"\)\)/,
  },
  {
    name: "enforced but empty",
    status: "fail",
    edit: (e) => conf(e, "projectsAllowList", ""),
    message: /projectsAllowList is empty/,
  },
  {
    name: "a Git folder from elsewhere",
    status: "fail",
    edit: (e) =>
      void (e.databricks.repos = k([
        { id: "r1", path: "/Repos/team/etl", url: "https://github.com/contoso/etl", provider: "gitHub" },
        { id: "r2", path: "/Repos/dana/tool", url: "https://gitlab.com/someone/tool", provider: "gitLab" },
      ])),
    resources: ["/Repos/dana/tool (https://gitlab.com/someone/tool)"],
  },
  {
    name: "several prefixes",
    status: "pass",
    edit: (e) => {
      conf(e, "projectsAllowList", "https://dev.azure.com/contoso/, https://github.com/contoso/");
    },
  },
  {
    name: "allow-list off while the repos are unreadable",
    status: "fail",
    edit: (e) => {
      conf(e, "enableProjectsAllowList", "false");
      e.databricks.repos = u();
    },
    message: /could not also judge/,
  },
  { name: "repos unreadable", status: "unknown", edit: (e) => void (e.databricks.repos = u()) },
  { name: "allow-list unreadable", status: "unknown", edit: (e) => conf(e, "projectsAllowList", u()) },
]);
