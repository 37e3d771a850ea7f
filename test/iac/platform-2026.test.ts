/**
 * Issue 17 (leftover): the 2026-platform checks judged from Terraform where the Databricks provider has a
 * resource for what they read. Each check passes, fails and stays unknown on a configuration written for
 * it; what a configuration cannot declare stays "not judged from IaC" (never a default pass).
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CheckResult } from "../../src/engine/evaluate.ts";
import { judgeIac, scanIac } from "../../src/iac/scan.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-2026-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WORKSPACE = `
resource "azurerm_databricks_workspace" "this" {
  name                = "ws-2026"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "premium"
}
provider "databricks" {
  host = azurerm_databricks_workspace.this.workspace_url
}
`;

/** A metastore assigned to the workspace, so the Unity Catalog checks apply. */
const METASTORE = `
resource "databricks_metastore" "main" {
  name = "primary"
}
resource "databricks_metastore_assignment" "this" {
  workspace_id = azurerm_databricks_workspace.this.workspace_id
  metastore_id = databricks_metastore.main.id
}
`;

let count = 0;
/** The result of one check on a configuration (the workspace above plus `tf`), or "not judged" with its reason. */
async function judge(check: string, tf: string): Promise<CheckResult | { status: "not judged"; reason: string }> {
  const path = join(dir, `c${count++}`);
  await mkdir(path);
  await writeFile(join(path, "main.tf"), WORKSPACE + tf);
  const scan = await scanIac([path]);
  expect(scan.errors).toEqual([]);
  const { document } = judgeIac(scan, "high", new Date("2026-11-01T00:00:00Z"));
  expect(document.workspaces).toHaveLength(1);
  const result = document.workspaces[0]!.results.find((r) => r.checkId === check);
  if (result) return result;
  const skipped = document.notJudged?.find((e) => e.checkId === check);
  expect(skipped, `${check} is neither judged nor listed as not judged`).toBeDefined();
  return { status: "not judged", reason: skipped!.reason };
}

describe("DATA-31 secret scopes readable by all users (databricks_secret_scope, databricks_secret_acl)", () => {
  it("fails on a READ grant to users and on initial_manage_principal = users, at the scope's line", async () => {
    const result = await judge(
      "DATA-31",
      `
resource "databricks_secret_scope" "open" {
  name                     = "open"
  initial_manage_principal = "users"
}
resource "databricks_secret_scope" "shared" {
  name = "shared"
}
resource "databricks_secret_acl" "all" {
  scope      = databricks_secret_scope.shared.name
  principal  = "users"
  permission = "READ"
}
`,
    );
    expect(result.status).toBe("fail");
    const fail = result as CheckResult;
    expect(fail.message).toMatch(/open \(MANAGE to users\)/);
    expect(fail.message).toMatch(/shared \(READ to users\)/);
    expect(fail.locations?.[0]?.line).toBe(12);
  });

  it("passes when only a group is granted", async () => {
    const result = await judge(
      "DATA-31",
      `
resource "databricks_secret_scope" "etl" {
  name = "etl"
}
resource "databricks_secret_acl" "etl" {
  scope      = databricks_secret_scope.etl.name
  principal  = "data-engineers"
  permission = "READ"
}
`,
    );
    expect(result.status).toBe("pass");
  });

  it("is unknown when the scopes depend on a count that is not known", async () => {
    const result = await judge(
      "DATA-31",
      `
variable "scopes" {
  type = number
}
resource "databricks_secret_scope" "many" {
  count = var.scopes
  name  = "scope-\${count.index}"
}
`,
    );
    expect(result.status).toBe("unknown");
  });
});

describe("GOV-23 auto-termination of all-purpose clusters (databricks_cluster)", () => {
  it("fails on autotermination_minutes = 0 and on a value above the threshold", async () => {
    const result = await judge(
      "GOV-23",
      `
resource "databricks_cluster" "forever" {
  cluster_name            = "forever"
  spark_version           = "15.4.x-scala2.12"
  autotermination_minutes = 0
}
resource "databricks_cluster" "long" {
  cluster_name            = "long"
  spark_version           = "15.4.x-scala2.12"
  autotermination_minutes = 600
}
`,
    );
    expect(result.status).toBe("fail");
    expect((result as CheckResult).message).toMatch(/forever \(never\).*long \(600 min\)/);
  });

  it("passes on a declared value within the threshold and on the provider default (60) when not declared", async () => {
    const result = await judge(
      "GOV-23",
      `
resource "databricks_cluster" "declared" {
  cluster_name            = "declared"
  spark_version           = "15.4.x-scala2.12"
  autotermination_minutes = 30
}
resource "databricks_cluster" "defaulted" {
  cluster_name  = "defaulted"
  spark_version = "15.4.x-scala2.12"
}
`,
    );
    expect(result.status).toBe("pass");
  });

  it("is unknown when autotermination_minutes comes from a variable without a value", async () => {
    const result = await judge(
      "GOV-23",
      `
variable "idle" {
  type = number
}
resource "databricks_cluster" "tuned" {
  cluster_name            = "tuned"
  spark_version           = "15.4.x-scala2.12"
  autotermination_minutes = var.idle
}
`,
    );
    expect(result.status).toBe("unknown");
    expect((result as CheckResult).message).toMatch(/autotermination_minutes/);
  });
});

describe("DATA-30 AI/BI dashboard embedding (databricks_aibi_dashboard_embedding_*_setting)", () => {
  it("fails on ALLOW_ALL_DOMAINS", async () => {
    const result = await judge(
      "DATA-30",
      `
resource "databricks_aibi_dashboard_embedding_access_policy_setting" "this" {
  aibi_dashboard_embedding_access_policy {
    access_policy_type = "ALLOW_ALL_DOMAINS"
  }
}
`,
    );
    expect(result.status).toBe("fail");
  });

  it("passes on approved domains (object-attribute syntax of the plugin-framework resources)", async () => {
    const result = await judge(
      "DATA-30",
      `
resource "databricks_aibi_dashboard_embedding_access_policy_setting" "this" {
  aibi_dashboard_embedding_access_policy = {
    access_policy_type = "ALLOW_APPROVED_DOMAINS"
  }
}
resource "databricks_aibi_dashboard_embedding_approved_domains_setting" "this" {
  aibi_dashboard_embedding_approved_domains = {
    approved_domains = ["intranet.contoso.example"]
  }
}
`,
    );
    expect(result.status).toBe("pass");
    expect((result as CheckResult).message).toMatch(/intranet\.contoso\.example/);
  });

  it("fails on a wildcard approved domain; not judged when neither setting is declared", async () => {
    const wildcard = await judge(
      "DATA-30",
      `
resource "databricks_aibi_dashboard_embedding_access_policy_setting" "this" {
  aibi_dashboard_embedding_access_policy {
    access_policy_type = "ALLOW_APPROVED_DOMAINS"
  }
}
resource "databricks_aibi_dashboard_embedding_approved_domains_setting" "this" {
  aibi_dashboard_embedding_approved_domains {
    approved_domains = ["*"]
  }
}
`,
    );
    expect(wildcard.status).toBe("fail");
    const unset = await judge(
      "DATA-30",
      `
resource "databricks_workspace_conf" "this" {
  custom_config = { enableIpAccessLists = "true" }
}
`,
    );
    expect(unset.status).toBe("not judged");
  });

  it("is unknown when the policy depends on a variable without a value", async () => {
    const result = await judge(
      "DATA-30",
      `
variable "policy" {
  type = string
}
resource "databricks_aibi_dashboard_embedding_access_policy_setting" "this" {
  aibi_dashboard_embedding_access_policy {
    access_policy_type = var.policy
  }
}
`,
    );
    expect(result.status).toBe("unknown");
  });
});

describe("GOV-22 Databricks Apps user API scopes (databricks_app.user_api_scopes)", () => {
  it("fails on an app given a data scope beyond the approved ones", async () => {
    const result = await judge(
      "GOV-22",
      `
resource "databricks_app" "bi" {
  name            = "bi-portal"
  user_api_scopes = ["sql", "iam.current-user:read"]
}
`,
    );
    expect(result.status).toBe("fail");
    expect((result as CheckResult).message).toMatch(/bi-portal \(sql\)/);
  });

  it("passes on apps within the approved scopes (or none)", async () => {
    const result = await judge(
      "GOV-22",
      `
resource "databricks_app" "hello" {
  name            = "hello"
  user_api_scopes = ["iam.current-user:read"]
}
resource "databricks_app" "plain" {
  name = "plain"
}
`,
    );
    expect(result.status).toBe("pass");
  });

  it("is unknown when the scopes come from a variable without a value", async () => {
    const result = await judge(
      "GOV-22",
      `
variable "scopes" {
  type = list(string)
}
resource "databricks_app" "bi" {
  name            = "bi-portal"
  user_api_scopes = var.scopes
}
`,
    );
    expect(result.status).toBe("unknown");
  });
});

describe("GOV-24 the workspace's allowed user API scopes for apps (databricks_workspace_setting_v2)", () => {
  // Provider 1.124.0 docs/resources/workspace_setting_v2: allowed_apps_user_api_scopes { allowed_scopes }.
  const allowed = (scopes: string, syntax: "block" | "object" = "block") => `
resource "databricks_workspace_setting_v2" "apps_scopes" {
  name = "allowed_apps_user_api_scopes"
  allowed_apps_user_api_scopes ${syntax === "block" ? "" : "= "}{
    allowed_scopes = ${scopes}
  }
}
`;
  it("fails on a data scope beyond the approved ones, at the setting's line", async () => {
    const result = (await judge("GOV-24", allowed('["iam.current-user:read", "sql"]'))) as CheckResult;
    expect(result.status).toBe("fail");
    expect(result.message).toMatch(/allows scopes beyond the approved ones: sql$/);
    expect(result.locations?.[0]?.line).toBeGreaterThan(0);
  });

  it("passes on approved scopes only (block or object-attribute syntax) and on none", async () => {
    const approved = await judge("GOV-24", allowed('["iam.current-user:read"]', "object"));
    expect(approved.status, (approved as CheckResult).message).toBe("pass");
    const none = await judge("GOV-24", allowed("[]"));
    expect((none as CheckResult).message).toMatch(/no user API scope/);
    expect(none.status).toBe("pass");
  });

  it("is unknown when the scopes come from a variable without a value; not judged when the setting is not declared", async () => {
    const open = await judge("GOV-24", `variable "s" {\n  type = list(string)\n}\n${allowed("var.s")}`);
    expect(open.status).toBe("unknown");
    // Another v2 setting declared, this one not: not judged (not "not offered here", not the default).
    const other = await judge(
      "GOV-24",
      `resource "databricks_workspace_setting_v2" "x" {\n  name = "llm_proxy_partner_powered"\n  boolean_val {\n    value = false\n  }\n}\n`,
    );
    expect(other.status).toBe("not judged");
    expect((other as { reason: string }).reason).toMatch(
      /no databricks_workspace_setting_v2 named allowed_apps_user_api_scopes/,
    );
    expect((await judge("GOV-24", "")).status).toBe("not judged");
  });
});

describe("DATA-29 AI Gateway on serving endpoints (databricks_model_serving.ai_gateway)", () => {
  const endpoint = (gateway: string) => `
resource "databricks_model_serving" "chat" {
  name = "chat"
  config {
    served_entities {
      name = "gpt"
      external_model {
        name     = "gpt-4o"
        provider = "openai"
        task     = "llm/v1/chat"
      }
    }
  }
  ${gateway}
}
`;
  it("fails on an endpoint without ai_gateway, and on one whose external model has no PII guardrail", async () => {
    expect((await judge("DATA-29", endpoint(""))).status).toBe("fail");
    const result = await judge(
      "DATA-29",
      endpoint(`ai_gateway {
    inference_table_config {
      enabled      = true
      catalog_name = "ml"
      schema_name  = "logs"
    }
    rate_limits {
      calls          = 100
      renewal_period = "minute"
    }
    usage_tracking_config {
      enabled = true
    }
  }`),
    );
    expect(result.status).toBe("fail");
    expect((result as CheckResult).message).toMatch(/chat: PII guardrail on input/);
  });

  it("passes on an endpoint with inference table, rate limit, usage tracking and PII blocking", async () => {
    const result = await judge(
      "DATA-29",
      endpoint(`ai_gateway {
    guardrails {
      input {
        safety = true
        pii {
          behavior = "BLOCK"
        }
      }
    }
    inference_table_config {
      enabled = true
    }
    rate_limits {
      calls          = 100
      renewal_period = "minute"
    }
    usage_tracking_config {
      enabled = true
    }
  }`),
    );
    expect(result.status).toBe("pass");
  });

  it("is unknown when a gateway value depends on a variable without a value", async () => {
    const result = await judge(
      "DATA-29",
      `variable "track" {
  type = bool
}
${endpoint(`ai_gateway {
    usage_tracking_config {
      enabled = var.track
    }
  }`)}`,
    );
    expect(result.status).toBe("unknown");
  });
});

describe("INFO-10 OIDC-federated Delta Sharing recipients (databricks_recipient)", () => {
  it("passes when no declared recipient is OIDC-federated", async () => {
    const result = await judge(
      "INFO-10",
      `${METASTORE}
resource "databricks_recipient" "partner" {
  name                = "partner"
  authentication_type = "TOKEN"
  ip_access_list {
    allowed_ip_addresses = ["203.0.113.0/24"]
  }
}
`,
    );
    expect(result.status).toBe("pass");
  });

  // databricks_recipient_federation_policy exists (provider >= 1.81.1) but its schema names no recipient
  // (name, comment, oidc_policy: docs/resources/recipient_federation_policy.md, databricks/cli
  // bundle/internal/tf/schema/resource_recipient_federation_policy.go): a policy cannot be tied to a recipient.
  it("is not judged for an OIDC recipient: its federation policies cannot be tied to it in Terraform", async () => {
    const result = await judge(
      "INFO-10",
      `${METASTORE}
resource "databricks_recipient" "federated" {
  name                = "federated"
  authentication_type = "OIDC_FEDERATION"
}
`,
    );
    expect(result.status).toBe("not judged");
  });

  it("is unknown when a recipient's authentication_type is not declared", async () => {
    const result = await judge(
      "INFO-10",
      `${METASTORE}
resource "databricks_recipient" "partner" {
  name = "partner"
}
`,
    );
    expect(result.status).toBe("unknown");
  });
});

describe("INFO-11 ABAC policies and data classification (databricks_policy_info, databricks_data_classification_catalog_config)", () => {
  it("fails when no declared catalog is classified; not judged when the configuration declares no ABAC policy", async () => {
    const catalog = `${METASTORE}
resource "databricks_catalog" "sales" {
  name = "sales"
}
`;
    expect((await judge("INFO-11", catalog)).status).toBe("not judged");
    const result = await judge(
      "INFO-11",
      `${catalog}
resource "databricks_policy_info" "filter" {
  on_securable_type     = "CATALOG"
  on_securable_fullname = "sales"
  name                  = "eu_rows"
  policy_type           = "POLICY_TYPE_ROW_FILTER"
  for_securable_type    = "TABLE"
  to_principals         = ["account users"]
}
`,
    );
    expect(result.status).toBe("fail");
    expect((result as CheckResult).message).toMatch(/sales/);
  });

  it("passes with classification on and inventories the catalog's ABAC policy", async () => {
    const result = await judge(
      "INFO-11",
      `${METASTORE}
resource "databricks_catalog" "sales" {
  name = "sales"
}
resource "databricks_data_classification_catalog_config" "sales" {
  parent = "catalogs/sales"
  auto_tag_configs = [
    {
      classification_tag = "class.email"
      auto_tagging_mode  = "AUTO_TAGGING_ENABLED"
    }
  ]
}
resource "databricks_policy_info" "mask" {
  on_securable_type     = "CATALOG"
  on_securable_fullname = "sales"
  name                  = "mask_pii"
  policy_type           = "POLICY_TYPE_COLUMN_MASK"
  for_securable_type    = "TABLE"
  to_principals         = ["account users"]
  except_principals     = ["privacy"]
}
`,
    );
    expect(result.status).toBe("pass");
    const pass = result as CheckResult;
    expect(pass.message).toMatch(/1 ABAC policies on catalogs; data classification on 1 of 1 catalogs/);
    expect(pass.resources?.join("\n")).toMatch(/column mask policy mask_pii to account users except privacy/);
    expect(pass.resources?.join("\n")).toMatch(/auto-tagging class\.email/);
  });

  it("is unknown when the catalog a classification config names is not known", async () => {
    const result = await judge(
      "INFO-11",
      `${METASTORE}
variable "catalog" {
  type = string
}
resource "databricks_data_classification_catalog_config" "x" {
  parent = "catalogs/\${var.catalog}"
}
resource "databricks_policy_info" "filter" {
  on_securable_type     = "CATALOG"
  on_securable_fullname = "sales"
  name                  = "eu_rows"
  policy_type           = "POLICY_TYPE_ROW_FILTER"
  for_securable_type    = "TABLE"
  to_principals         = ["account users"]
}
`,
    );
    expect(result.status).toBe("unknown");
  });
});

describe("objects a configuration does not declare are not judged (never a default pass)", () => {
  it("no databricks_app, databricks_model_serving or databricks_recipient: GOV-22, DATA-29, INFO-10 not judged", async () => {
    const tf = `${METASTORE}
resource "databricks_workspace_conf" "this" {
  custom_config = { enableIpAccessLists = "true" }
}
`;
    for (const check of ["GOV-22", "DATA-29", "INFO-10"]) {
      const result = await judge(check, tf);
      expect(result.status, check).toBe("not judged");
      expect((result as { reason: string }).reason, check).toMatch(/is declared in the configuration|not declared/);
    }
  });
});

/** An account-level provider beside the workspace: its resources are the account's. */
const ACCOUNT = `
provider "databricks" {
  alias      = "account"
  host       = "https://accounts.azuredatabricks.net"
  account_id = "00000000-0000-0000-0000-000000000000"
}
`;

describe("account-level resources (provider host accounts.azuredatabricks.net) are the account's evidence", () => {
  it("GOV-20: personal_compute DELEGATE passes, ON fails, a value from a variable is unknown, none is not judged", async () => {
    const personal = (value: string) => `${ACCOUNT}
resource "databricks_account_setting_v2" "personal_compute" {
  provider = databricks.account
  name     = "personal_compute"
  personal_compute = {
    value = ${value}
  }
}
`;
    expect((await judge("GOV-20", personal('"DELEGATE"'))).status).toBe("pass");
    expect((await judge("GOV-20", personal('"ON"'))).status).toBe("fail");
    expect((await judge("GOV-20", `variable "pc" {\n  type = string\n}\n${personal("var.pc")}`)).status).toBe(
      "unknown",
    );
    const none = await judge("GOV-20", ACCOUNT);
    expect(none.status).toBe("not judged");
    expect((none as { reason: string }).reason).toMatch(/account-level settings/);
  });

  it("IAM-19: a deactivated account service principal fails, active ones pass, an unknown active is unknown", async () => {
    const principal = (active: string) => `${ACCOUNT}
resource "databricks_service_principal" "ci" {
  provider       = databricks.account
  application_id = "11111111-1111-1111-1111-111111111111"
  display_name   = "ci-automation"
  ${active}
}
`;
    const fail = await judge("IAM-19", principal("active = false"));
    expect(fail.status).toBe("fail");
    expect((fail as CheckResult).message).toMatch(/ci-automation \(11111111-1111-1111-1111-111111111111\)/);
    expect((await judge("IAM-19", principal(""))).status).toBe("pass");
    expect((await judge("IAM-19", `variable "on" {\n  type = bool\n}\n${principal("active = var.on")}`)).status).toBe(
      "unknown",
    );
    // A workspace-level service principal is not an account one.
    expect(
      (await judge("IAM-19", `resource "databricks_service_principal" "ws" {\n  display_name = "ws"\n}\n`)).status,
    ).toBe("not judged");
  });

  it("GOV-21: a compliance profile default not enforced fails; enforced is not judged (the monitoring default has no resource)", async () => {
    // docs/resources/compliance_security_profile_account_setting.md: csp_enablement_account { is_enforced,
    // compliance_standards }; no enhanced_security_monitoring_account_setting.md exists.
    const csp = (enforced: string) => `${ACCOUNT}
resource "databricks_compliance_security_profile_account_setting" "this" {
  provider = databricks.account
  csp_enablement_account {
    is_enforced          = ${enforced}
    compliance_standards = ["HIPAA"]
  }
}
`;
    const fail = (await judge("GOV-21", csp("false"))) as CheckResult;
    expect(fail.status).toBe("fail");
    expect(fail.message).toMatch(/new workspaces do not get the compliance security profile; could not also judge/);
    const enforced = await judge("GOV-21", csp("true"));
    expect(enforced.status).toBe("not judged");
    expect((enforced as { reason: string }).reason).toMatch(/account-level settings/);
    // A profile default from a variable without a value: it could not pass even if known (no monitoring
    // resource), so it stays with the checks not judged from IaC, never a pass.
    expect((await judge("GOV-21", `variable "e" {\n  type = bool\n}\n${csp("var.e")}`)).status).toBe("not judged");
    expect((await judge("GOV-21", ACCOUNT)).status).toBe("not judged");
  });

  it("IAM-18: a databricks_service_principal_secret without lifetime (730 days) fails, 90 days passes, an unknown or malformed lifetime is unknown, none is not judged", async () => {
    // docs/resources/service_principal_secret.md: `lifetime` (Optional) seconds as NNNNs, default 730 days.
    const secret = (lifetime: string) => `${ACCOUNT}
resource "databricks_service_principal" "etl" {
  provider       = databricks.account
  application_id = "33333333-3333-3333-3333-333333333333"
  display_name   = "etl"
}
resource "databricks_service_principal_secret" "etl" {
  provider             = databricks.account
  service_principal_id = databricks_service_principal.etl.id
  ${lifetime}
}
`;
    const fail = await judge("IAM-18", secret(""));
    expect(fail.status).toBe("fail");
    expect((fail as CheckResult).message).toMatch(
      /etl secret databricks_service_principal_secret\.etl \(lifetime 730 days\)/,
    );
    expect((fail as CheckResult).locations?.[0]?.line).toBeGreaterThan(0);
    const pass = await judge("IAM-18", secret('lifetime = "7776000s"'));
    expect(pass.status, (pass as CheckResult).message).toBe("pass");
    expect((await judge("IAM-18", `variable "l" {\n  type = string\n}\n${secret("lifetime = var.l")}`)).status).toBe(
      "unknown",
    );
    const malformed = await judge("IAM-18", secret('lifetime = "90d"'));
    expect(malformed.status).toBe("unknown");
    expect((malformed as CheckResult).message).toMatch(/NNNNs/);
    const none = await judge("IAM-18", ACCOUNT);
    expect(none.status).toBe("not judged");
    expect((none as { reason: string }).reason).toMatch(/account-level settings/);
  });

  it("INFO-09: a service principal policy without subject fails, one bound to a subject passes, unknown issuer is unknown", async () => {
    const policy = (oidc: string) => `${ACCOUNT}
resource "databricks_service_principal" "deploy" {
  provider       = databricks.account
  application_id = "22222222-2222-2222-2222-222222222222"
  display_name   = "deploy"
}
resource "databricks_service_principal_federation_policy" "gha" {
  provider             = databricks.account
  service_principal_id = databricks_service_principal.deploy.id
  policy_id            = "github-prod"
  oidc_policy = {
    ${oidc}
  }
}
`;
    const fail = await judge("INFO-09", policy('issuer = "https://token.actions.githubusercontent.com"'));
    expect(fail.status).toBe("fail");
    expect((fail as CheckResult).message).toMatch(/deploy: github-prod trusts https:\/\/token\.actions/);
    const pass = await judge(
      "INFO-09",
      policy(`issuer  = "https://token.actions.githubusercontent.com"
    subject = "repo:contoso/app:environment:prod"`),
    );
    expect(pass.status).toBe("pass");
    expect((await judge("INFO-09", `variable "iss" {\n  type = string\n}\n${policy("issuer = var.iss")}`)).status).toBe(
      "unknown",
    );
    expect((await judge("INFO-09", ACCOUNT)).status).toBe("not judged");
  });
});
