import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import type { SettingChange } from "../fix-types.ts";
import { premiumOnly } from "../helpers.ts";

/** The scopes Databricks gives an app's user authorization by default (identity only, no data access). */
export const DEFAULT_APP_SCOPES = ["iam.current-user:read", "iam.access-control:read"];
const DEFAULT_SCOPES = DEFAULT_APP_SCOPES;

export default defineCheck({
  meta: {
    id: "GOV-22",
    title: "Databricks Apps act on behalf of users only with approved user API scopes",
    category: "governance",
    severity: "medium",
    profile: "standard",
    threats: ["EX", "AT"],
    controls: ["PA-7", "IM-2"],
    mcsb: ["PA-7", "IM-3"],
    guide: ["Token management"],
    sources: ["workspace-api", "iac"],
    rationale:
      "An app with user authorization (forward_user_access_token) receives each visitor's token (forwarded to the app as X-Forwarded-Access-Token) limited to its user_api_scopes. With `sql`, `files.files` or `serving` scopes, code in the app — or anyone who can change it — reads and writes data as every user who opens it. Granting data scopes should be a reviewed decision, recorded in the approved list.",
    remediation: {
      ui: "Compute → Apps → the app → Edit → User authorization: remove scopes the app does not need (or add the reviewed scopes to GOV-22.approvedUserApiScopes in lakeward.yaml).",
      terraform: `resource "databricks_app" "portal" {
  name            = "ops-portal"
  user_api_scopes = ["iam.current-user:read", "iam.access-control:read"]
}`,
      // Each app the finding names ("finance-assistant (sql, files.files)") keeps only its approved scopes,
      // on its databricks_app where it is declared (user_api_scopes, terraform-provider-databricks
      // docs/resources/app.md); an app deployed elsewhere is a manual step. Without the app's scopes in the
      // evidence the kept list would be a guess: then only the manual step.
      fix: (input) => {
        const apps = input.evidence("Databricks Apps");
        const known = Array.isArray(apps) ? (apps as { name?: string; userApiScopes?: string[] }[]) : [];
        const settings: SettingChange[] = [];
        const manual: string[] = [];
        for (const entry of input.result.resources) {
          const match = /^(.*) \(([^)]*)\)$/.exec(entry);
          if (!match) continue;
          const [, name = "", extra = ""] = match;
          const step = `app "${name}": Compute → Apps → ${name} → Edit → User authorization: remove ${extra}`;
          const app = known.find((a) => a.name === name);
          if (!app?.userApiScopes) {
            manual.push(step);
            continue;
          }
          const unapproved = new Set(extra.split(", ").map((s) => s.toLowerCase()));
          const keep = app.userApiScopes.filter((s) => !unapproved.has(s.toLowerCase()));
          settings.push({
            resource: "databricks_app",
            match: { name },
            path: ["user_api_scopes"],
            value: keep,
            otherwise: step,
          });
        }
        return {
          settings,
          ...(manual.length ? { manual } : {}),
          caution: ["an app calling an API whose scope is removed gets 403 for its users: check what it calls first"],
        };
      },
    },
    lists: {
      approvedUserApiScopes: {
        default: DEFAULT_SCOPES,
        description: "user API scopes an app may hold without review (add reviewed scopes such as sql here)",
      },
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "Databricks Apps");
    if (tier) return tier;
    const apps = context.get("Databricks Apps", evidence.databricks.apps);
    if (!apps.length) return notApplicable("no Databricks Apps");
    const approved = new Set((context.lists.approvedUserApiScopes ?? DEFAULT_SCOPES).map((s) => s.toLowerCase()));
    const broad = apps.flatMap((app) => {
      const scopes = app.effectiveUserApiScopes ?? app.userApiScopes;
      const extra = scopes.filter((scope) => !approved.has(scope.toLowerCase()));
      return extra.length ? [`${app.name} (${extra.join(", ")})`] : [];
    });
    if (broad.length)
      return fail(
        `${broad.length} of ${apps.length} apps act on behalf of their users with unapproved scopes: ${listSome(broad, 3)}`,
        broad,
      );
    const delegated = apps.filter((app) => (app.effectiveUserApiScopes ?? app.userApiScopes).length).length;
    // forward_user_access_token: the app receives the visitor's token (limited to the scopes above).
    const forwarding = apps.filter((app) => app.forwardUserAccessToken === true).map((app) => app.name);
    return pass(
      `${apps.length} apps; ${delegated} use user authorization, all within the approved scopes${forwarding.length ? `; ${forwarding.length} receive the signed-in user's token (forward_user_access_token): ${listSome(forwarding, 3)}` : ""}`,
      apps.map((app) => app.name),
    );
  },
});
