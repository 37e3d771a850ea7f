/**
 * Canary secrets in infrastructure code: Terraform (HCL and JSON syntax), variables files and ARM
 * templates with parameter files hold fake secret values wherever real configurations carry secrets —
 * Spark conf and environment, secrets, storage-credential client secrets, provider credentials, mount
 * configs, policy definitions, init scripts, secureString parameters — and next to syntax errors (whose
 * messages quote the source). Every output of `lakeward iac` (stdout, stderr, every report format) is
 * searched for them, as written and with each format's escapes undone.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../support/cli.ts";
import { unescaped } from "../support/unescape.ts";

const CANARY = {
  sparkKey: "CanaryIacSparkKey-7f3Q",
  envPassword: "CanaryIacEnvPass-2mW9",
  secretValue: "CanaryIacSecretValue-8kL1",
  clientSecret: "CanaryIacClientSecret-5vB6",
  initScript: "CanaryIacInitToken-3nX4",
  variableDefault: "CanaryIacVarDefault-9pR2",
  tfvars: "CanaryIacTfvars-6sD8",
  policyValue: "CanaryIacPolicyFixed-1hJ5",
  providerToken: "dapiCanaryIacProviderToken0000000000",
  providerSecret: "CanaryIacProviderSecret-4gT7",
  mountSecret: "CanaryIacMountSecret-0cV3",
  jobConf: "CanaryIacJobConf-2zN8",
  jsonSyntax: "CanaryIacTfJson-7yU1",
  keyVaultSecret: "CanaryIacKvSecret-5qE2",
  syntaxError: "CanaryIacNearSyntaxError-8wA6",
  jsonSyntaxError: "CanaryIacNearJsonError-3rF9",
  armSecure: "CanaryIacArmSecureDefault-6tG4",
  armParameterFile: "CanaryIacArmParamFile-1yH7",
  armInline: "CanaryIacArmInline-4uI2",
  unresolvedMerge: "CanaryIacUnresolvedMerge-9oP5",
  // A value whose expression ends up in an "unknown because …" reason (reasons quote expressions).
  inReason: "CanaryIacInReason-2bK6",
  armUnparsable: "CanaryIacArmUnparsable-7cM1",
  planSensitiveTag: "CanaryIacPlanTag-5dL3",
  planSensitiveConf: "CanaryIacPlanConf-8eZ0",
  planVariable: "CanaryIacPlanVariable-1fX2",
} as const;

const TERRAFORM = `
terraform {
  required_providers {
    azurerm    = { source = "hashicorp/azurerm", version = "~> 4.0" }
    databricks = { source = "databricks/databricks", version = "~> 1.50" }
  }
}

provider "azurerm" {
  features {}
  client_secret = "${CANARY.providerSecret}"
}

provider "databricks" {
  host  = azurerm_databricks_workspace.this.workspace_url
  token = "${CANARY.providerToken}"
}

variable "admin_password" {
  type      = string
  default   = "${CANARY.variableDefault}"
  sensitive = true
}

variable "storage_key" {
  type = string
}

variable "base_conf" {
  type = map(string)
}

resource "azurerm_databricks_workspace" "this" {
  name                = "ws-secrets"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "premium"
  tags = {
    note = "pre-\${tomap({ k = "${CANARY.inReason}" })}"
  }
  custom_parameters {
    no_public_ip = true
  }
}

resource "databricks_cluster" "etl" {
  cluster_name            = "etl"
  spark_version           = "15.4.x-scala2.12"
  node_type_id            = "Standard_D4ds_v5"
  autotermination_minutes = 30
  num_workers             = 1
  spark_conf = {
    "fs.azure.account.key.lake.dfs.core.windows.net" = "${CANARY.sparkKey}"
    "spark.hadoop.javax.jdo.option.ConnectionPassword" = var.admin_password
    "fs.azure.account.key.other.dfs.core.windows.net" = var.storage_key
  }
  spark_env_vars = {
    DB_PASSWORD = "${CANARY.envPassword}"
  }
  init_scripts {
    dbfs {
      destination = "dbfs:/databricks/init/agent.sh"
    }
  }
}

resource "databricks_cluster" "merged" {
  cluster_name  = "merged"
  spark_version = "15.4.x-scala2.12"
  node_type_id  = "Standard_D4ds_v5"
  num_workers   = 1
  spark_conf    = merge(var.base_conf, { "fs.azure.account.key.x.dfs.core.windows.net" = "${CANARY.unresolvedMerge}" })
}

resource "databricks_secret_scope" "app" {
  name = "app"
}

resource "databricks_secret" "db" {
  scope        = databricks_secret_scope.app.name
  key          = "db-password"
  string_value = "${CANARY.secretValue}"
}

resource "databricks_storage_credential" "legacy" {
  name = "legacy-sp"
  azure_service_principal {
    directory_id   = "00000000-0000-0000-0000-000000000001"
    application_id = "00000000-0000-0000-0000-000000000002"
    client_secret  = "${CANARY.clientSecret}"
  }
}

resource "databricks_global_init_script" "agent" {
  name           = "agent"
  content_base64 = base64encode("#!/bin/bash\\nexport AGENT_TOKEN=${CANARY.initScript}\\n")
}

resource "databricks_cluster_policy" "fixed" {
  name = "fixed-credentials"
  definition = jsonencode({
    "spark_conf.fs.azure.account.key.lake.dfs.core.windows.net" = { type = "fixed", value = "${CANARY.policyValue}" }
  })
}

resource "databricks_mount" "raw" {
  name = "raw"
  uri  = "abfss://raw@lake.dfs.core.windows.net/"
  extra_configs = {
    "fs.azure.account.oauth2.client.secret" = "${CANARY.mountSecret}"
  }
}

resource "databricks_job" "nightly" {
  name = "nightly"
  job_cluster {
    job_cluster_key = "main"
    new_cluster {
      spark_version = "15.4.x-scala2.12"
      node_type_id  = "Standard_D4ds_v5"
      num_workers   = 1
      spark_conf = {
        "spark.databricks.service.token" = "${CANARY.jobConf}"
      }
    }
  }
}

resource "azurerm_key_vault_secret" "sp" {
  name         = "sp-secret"
  value        = "${CANARY.keyVaultSecret}"
  key_vault_id = "kv"
}
`;

const TF_JSON = {
  resource: {
    databricks_cluster: {
      from_json: {
        cluster_name: "from-json",
        spark_version: "15.4.x-scala2.12",
        node_type_id: "Standard_D4ds_v5",
        num_workers: 1,
        spark_conf: { "fs.azure.account.key.json.dfs.core.windows.net": CANARY.jsonSyntax },
      },
    },
  },
};

const ARM = {
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  contentVersion: "1.0.0.0",
  parameters: {
    adminPassword: { type: "secureString", defaultValue: CANARY.armSecure },
    fileSecret: { type: "secureString" },
  },
  resources: [
    {
      type: "Microsoft.Databricks/workspaces",
      apiVersion: "2024-05-01",
      name: "ws-arm-secrets",
      location: "westeurope",
      sku: { name: "premium" },
      tags: {
        note: "[concat('pw-', parameters('adminPassword'))]",
        other: "[parameters('fileSecret')]",
        broken: `[concat('${CANARY.armUnparsable}', ]`,
      },
      properties: {
        managedResourceGroupId: "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'mrg')]",
        parameters: { enableNoPublicIp: { value: true } },
        authorizations: [{ principalId: CANARY.armInline, roleDefinitionId: CANARY.armInline }],
      },
    },
  ],
};

const ARM_PARAMETERS = {
  $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  contentVersion: "1.0.0.0",
  parameters: { fileSecret: { value: CANARY.armParameterFile } },
};

/** A `terraform show -json` plan: sensitive values are in clear text there, marked in sensitive_values. */
const PLAN = {
  format_version: "1.2",
  terraform_version: "1.9.5",
  variables: { admin_password: { value: CANARY.planVariable } },
  planned_values: {
    root_module: {
      resources: [
        {
          address: "azurerm_databricks_workspace.planned",
          mode: "managed",
          type: "azurerm_databricks_workspace",
          name: "planned",
          provider_name: "registry.terraform.io/hashicorp/azurerm",
          values: {
            name: "ws-plan-secrets",
            location: "westeurope",
            resource_group_name: "rg",
            sku: "premium",
            tags: { CostCenter: "cc-1", Owner: CANARY.planSensitiveTag },
            custom_parameters: [{ no_public_ip: true }],
          },
          sensitive_values: { tags: { Owner: true }, custom_parameters: [{}] },
        },
        {
          address: "databricks_cluster.planned",
          mode: "managed",
          type: "databricks_cluster",
          name: "planned",
          provider_name: "registry.terraform.io/databricks/databricks",
          values: {
            cluster_name: "planned",
            spark_version: "15.4.x-scala2.12",
            num_workers: 1,
            spark_conf: { "spark.hadoop.javax.jdo.option.ConnectionPassword": CANARY.planSensitiveConf },
          },
          sensitive_values: { spark_conf: true },
        },
      ],
    },
  },
  configuration: { provider_config: {}, root_module: {} },
};

let dir: string;
const outputs: { what: string; text: string }[] = [];

async function recordDir(folder: string) {
  for (const entry of await readdir(folder, { withFileTypes: true }))
    if (entry.isFile())
      outputs.push({ what: join(folder, entry.name), text: await readFile(join(folder, entry.name), "utf8") });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-secrets-"));
  const tf = join(dir, "terraform");
  await mkdir(tf);
  await writeFile(join(tf, "main.tf"), TERRAFORM);
  await writeFile(join(tf, "extra.tf.json"), JSON.stringify(TF_JSON, null, 2));
  await writeFile(join(tf, "terraform.tfvars"), `storage_key = "${CANARY.tfvars}"\n`);
  // Syntax errors next to secrets: the error names file and line, and must not quote the secret.
  const broken = join(dir, "broken");
  await mkdir(broken);
  await writeFile(join(broken, "bad.tf"), `resource "x" "y" {\n  password = "${CANARY.syntaxError}" +\n}\n`);
  await writeFile(join(broken, "bad.tf.json"), `{ "locals": { "pw": "\${${CANARY.jsonSyntaxError} +}" } }\n`);
  const arm = join(dir, "arm");
  await mkdir(arm);
  await writeFile(join(arm, "azuredeploy.json"), JSON.stringify(ARM, null, 2));
  await writeFile(join(arm, "azuredeploy.parameters.json"), JSON.stringify(ARM_PARAMETERS, null, 2));

  const plan = join(dir, "plan");
  await mkdir(plan);
  await writeFile(join(plan, "plan.json"), JSON.stringify(PLAN, null, 2));

  const reports = join(dir, "reports");
  const formats = ["console", "json", "sarif", "junit", "csv", "markdown", "html"];
  const run = await runCli([
    "iac",
    tf,
    arm,
    broken,
    join(plan, "plan.json"),
    "--profile",
    "high",
    "--format",
    formats.join(","),
    "--output-dir",
    reports,
  ]);
  outputs.push({ what: "iac stdout", text: run.stdout }, { what: "iac stderr", text: run.stderr });
  await recordDir(reports);
  const verbose = await runCli(["iac", tf, "--profile", "standard", "--full"]);
  outputs.push(
    { what: "iac --full stdout", text: verbose.stdout },
    { what: "iac --full stderr", text: verbose.stderr },
  );
}, 120_000);

afterAll(async () => {
  if (!process.env.KEEP_IAC_SECRETS) await rm(dir, { recursive: true, force: true });
});

describe("canary secrets in infrastructure code never reach an output", () => {
  it("the scan really read the files (so the search below can fail)", () => {
    const json = outputs.find((o) => o.what.endsWith("results.json"))?.text ?? "";
    expect(json).toContain("ws-secrets");
    expect(json).toContain("ws-arm-secrets");
    expect(json).toContain("ws-plan-secrets");
    // DATA-18 found the literal credentials it must not print.
    expect(json).toMatch(/DATA-18/);
    const stderr = outputs.find((o) => o.what === "iac stderr")?.text ?? "";
    expect(stderr).toMatch(/bad\.tf:2/);
    expect(stderr).toMatch(/bad\.tf\.json:1/);
    expect(outputs.length).toBeGreaterThanOrEqual(9);
  });

  it.each(Object.entries(CANARY))("%s appears in no output", (_, canary) => {
    for (const { what, text } of outputs) {
      expect(text, what).not.toContain(canary);
      expect(unescaped(text), what).not.toContain(canary);
    }
  });
});
