import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { Fact } from "../../evidence/fact.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-24-apps-allowed-scopes.ts";

const allowed = (e: WorkspaceEvidence, effective: Fact<string | null>) => {
  const settings = e.databricks.discoveredSettings;
  if (settings.status !== "known") throw new Error("fixture");
  e.databricks.discoveredSettings = k(
    settings.value.map((s) => (s.name === "allowed_apps_user_api_scopes" ? { ...s, effective } : s)),
  );
};

checkCases(check, [
  { name: "identity scopes only", status: "pass", message: /only approved user API scopes/ },
  {
    name: "data scopes allowed",
    status: "fail",
    edit: (e) => allowed(e, k('{"allowed_scopes":["iam.current-user:read","sql","files.files"]}')),
    message: /beyond the approved ones: sql, files\.files/,
    resources: ["sql", "files.files"],
  },
  {
    name: "reviewed data scopes",
    status: "pass",
    lists: { approvedUserApiScopes: ["iam.current-user:read", "sql"] },
    edit: (e) => allowed(e, k('{"allowed_scopes":["sql"]}')),
  },
  { name: "never set", status: "fail", edit: (e) => allowed(e, k(null)), message: /never set/ },
  {
    name: "no scope allowed at all",
    status: "pass",
    edit: (e) => allowed(e, k('{"allowed_scopes":[]}')),
    message: /no user API scope/,
  },
  { name: "value not readable", status: "unknown", edit: (e) => allowed(e, u("HTTP 403")), message: /403/ },
  {
    name: "a catalogue that names the setting camelCase (allowedAppsUserApiScopes) is read the same",
    status: "fail",
    edit: (e) => {
      allowed(e, k('{"allowed_scopes":["sql"]}'));
      const settings = e.databricks.discoveredSettings;
      if (settings.status !== "known") throw new Error("fixture");
      e.databricks.discoveredSettings = k(
        settings.value.map((s) =>
          s.name === "allowed_apps_user_api_scopes" ? { ...s, name: "allowedAppsUserApiScopes" } : s,
        ),
      );
    },
    message: /beyond the approved ones: sql/,
  },
  {
    name: "a catalogue that does not list the setting: unknown, never a pass",
    status: "unknown",
    edit: (e) => {
      const settings = e.databricks.discoveredSettings;
      if (settings.status !== "known") throw new Error("fixture");
      e.databricks.discoveredSettings = k(settings.value.filter((s) => s.name !== "allowed_apps_user_api_scopes"));
    },
    message: /does not list allowed_apps_user_api_scopes/,
  },
  { name: "Standard tier", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
