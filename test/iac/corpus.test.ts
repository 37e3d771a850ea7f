/**
 * Every file of the shared corpus (../shared/corpus/{tf,arm,bicep}) is scanned without a crash, and its
 * verdicts match a table written by reading the file (not by running lakeward): per file, per check,
 * with the reason as a comment. Files of one module are also judged together, as Terraform would.
 * Checkov's own pass/fail fixtures are in the table with how lakeward's reading differs from Checkov's.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Status } from "../../src/checks/types.ts";
import { CORPUS, HAVE_CORPUS, SKIP_REASON, together, verdicts } from "./support.ts";

type Row = Partial<Record<string, Status>>;

const P = "pass";
const F = "fail";
const U = "unknown";
const NA = "not_applicable";

/** Expected verdicts per file and workspace. `{}` (no workspace): the file declares none. */
const TABLE: Record<string, Record<string, Row>> = {
  // Checkov CKV_AZURE_158 fixture: three standard-tier workspaces without provider versions.
  // fail/fail2: public network access not declared (azurerm default true) or true → NET-06 fail (Checkov: FAILED).
  // pass: public_network_access_enabled = false → NET-06 pass (Checkov: PASSED). no_public_ip is not declared
  // and no azurerm version is visible → NET-01 unknown with both readings. Standard tier → the Premium-only
  // checks (NET-05, DATA-01..03, GOV-01) are not_applicable and GOV-16 fails. No VNet → NET-02 fail, NET-11
  // not_applicable; NET-07 fails on the AllRules default; DATA-04: infrastructure encryption default false.
  "tf/checkov__tests__terraform__checks__resource__azure__example_DatabricksWorkspaceIsNotPublic__main.tf":
    Object.fromEntries(
      ["fail", "fail2", "pass"].map((name) => [
        `databricks-test (azurerm_databricks_workspace.${name})`,
        {
          "NET-01": U,
          "NET-02": F,
          "NET-05": NA,
          "NET-06": name === "pass" ? P : F,
          "NET-07": F,
          // DBFS root (issue 15 item 6): default_storage_firewall_enabled not declared (azurerm default false) →
          // the account accepts any network, as NET-12 reads it.
          "NET-09": F,
          "NET-11": NA,
          "DATA-01": NA,
          "DATA-02": NA,
          "DATA-03": NA,
          "DATA-04": F,
          "GOV-01": NA,
          // Tags declared without CostCenter and Owner (the workspace alone already fails).
          "GOV-07": F,
          "GOV-16": F,
        },
      ]),
    ),
  // AzureTRE main.tf alone: premium, no_public_ip = true, VNet from a data source (VNet injection is certain),
  // both NSG association ids named → NET-11 pass. public_network_access_enabled = var.is_exposed_externally,
  // undeclared in this file → NET-06 unknown. NoAzureDatabricksRules but the private endpoint lives in
  // network.tf → alone, NET-05 and NET-07 fail. infrastructure_encryption_enabled = true → DATA-04 pass; no
  // CMK → DATA-01..03 fail; the diagnostic setting lists 5 of the categories → GOV-01 fail.
  "tf/AzureTRE__templates__workspace_services__databricks__terraform__main.tf": {
    "azurerm_databricks_workspace.databricks": {
      "NET-01": P,
      "NET-02": P,
      "NET-05": F,
      "NET-06": U,
      "NET-07": F,
      // default_storage_firewall_enabled = true with the access connector → the DBFS root denies by default.
      "NET-09": P,
      "NET-11": P,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": P,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // network.tf alone: NSG, subnets, route table and private endpoints, but no workspace.
  "tf/AzureTRE__templates__workspace_services__databricks__terraform__network.tf": {},
  // AVM examples: the workspace comes from module "../.." (not in the corpus): nothing to judge.
  "tf/terraform-azurerm-avm-res-databricks-workspace__examples__default__main.tf": {},
  "tf/terraform-azurerm-avm-res-databricks-workspace__examples__private-endpoint__main.tf": {},
  // AVM module: the workspace is an azapi_resource (Microsoft.Databricks/workspaces@2026-01-01), read through
  // the ARM mapper (issue 15 item 2). Its body's properties are local.workspace_properties, not defined in this
  // file, and sku, name and tags are variables without values: every property under the body is unknown,
  // never the API version's default (issue 15 item 1); the lock, diagnostic settings and DBFS key have counts
  // or for_each on variables, so they are unknown too.
  "tf/terraform-azurerm-avm-res-databricks-workspace__main.tf": {
    "azapi_resource.this": {
      "NET-01": U,
      "NET-02": U,
      "NET-05": U,
      "NET-06": U,
      "NET-07": U,
      "NET-09": U,
      "NET-11": U,
      "DATA-01": U,
      "DATA-02": U,
      "DATA-03": U,
      "DATA-04": U,
      "DATA-07": U,
      "GOV-01": U,
      "GOV-07": U,
      "GOV-16": U,
    },
  },
  // Squid proxy: premium, no_public_ip = true, VNet + both NSG associations; nothing else declared, so the
  // azurerm defaults apply (public access on, AllRules, no CMK, no diagnostics). A databricks_notebook
  // attaches to the workspace through `host`, so workspace-conf defaults apply: IP access lists off → NET-03 fail.
  "tf/terraform-databricks-examples__examples__adb-squid-proxy__main__workspace.tf": {
    "azurerm_databricks_workspace.this": {
      "NET-01": P,
      "NET-02": P,
      "NET-03": F,
      "NET-05": F,
      "NET-06": F,
      "NET-07": F,
      "NET-09": F,
      "NET-11": P,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // IP access list module: enableIpAccessLists = true, but the lists' addresses are variables without values
  // and the workspace is not declared here → the tier and the lists are unknown (NET-03/NET-04 unknown).
  "tf/terraform-databricks-examples__examples__aws-workspace-config__modules__ip_access_list__main.tf": {
    'databricks provider "databricks" (workspace not declared in this configuration)': {
      "NET-03": U,
      "NET-04": U,
      "NET-01": U,
      "GOV-16": U,
    },
  },
  // NCC example: premium, NPIP on, VNet with both associations; public access, NSG rule mode and the storage
  // firewall are variables without values (unknown). customer_managed_key_enabled = true without a DBFS key
  // resource only prepares the storage → DATA-02 fail (CKV2_AZURE_48 would also fail: no key resource).
  "tf/terraform-databricks-examples__modules__adb-data-storage-vnet-ncc-private-endpoint__adb-ws.tf": {
    "azurerm_databricks_workspace.this": {
      "NET-01": P,
      "NET-02": P,
      "NET-05": F,
      "NET-06": U,
      "NET-07": U,
      // default_storage_firewall_enabled = var.… without a value → unknown, as NET-12.
      "NET-09": U,
      "NET-11": P,
      "NET-12": U,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // Firewall (route table, firewall rules) without a workspace.
  "tf/terraform-databricks-examples__modules__adb-exfiltration-protection__firewall.tf": {},
  // Exfiltration protection workspace: no no_public_ip and no provider version → NET-01 unknown (both readings);
  // VNet + both NSG association ids → NET-02/NET-11 pass; the rest takes azurerm defaults.
  "tf/terraform-databricks-examples__modules__adb-exfiltration-protection__workspace.tf": {
    "azurerm_databricks_workspace.this": {
      "NET-01": U,
      "NET-02": P,
      "NET-05": F,
      "NET-06": F,
      "NET-07": F,
      "NET-09": F,
      "NET-11": P,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // Key vault with count = var.key_vault_name != "" ? 1 : 0: no workspace.
  "tf/terraform-databricks-examples__modules__adb-lakehouse__key_vault.tf": {},
  // Lakehouse workspace: subnets declared with NSG associations, but the route-table / NAT associations have
  // count = var.create_nat_gateway (no value) → whether a NAT gateway is attached is unknown → the subnet
  // evidence is unknown (NET-11 unknown); no_public_ip not declared, no version → NET-01 unknown.
  "tf/terraform-databricks-examples__modules__adb-lakehouse__vnet_injected_databricks_workspace.tf": {
    "azurerm_databricks_workspace.this": {
      "NET-01": U,
      "NET-02": P,
      "NET-05": F,
      "NET-06": F,
      "NET-07": F,
      "NET-09": F,
      "NET-11": U,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // Private endpoints of the private-links example (the workspace is in workspace.tf).
  "tf/terraform-databricks-examples__modules__adb-with-private-links-exfiltration-protection__privateendpoint.tf": {},
  // Private-links workspace alone: public_network_access_enabled = false, NoAzureDatabricksRules; its front-end
  // endpoint is in privateendpoint.tf, so alone NET-05 fails and NET-07 fails as a broken configuration.
  "tf/terraform-databricks-examples__modules__adb-with-private-links-exfiltration-protection__workspace.tf": {
    "azurerm_databricks_workspace.this": {
      "NET-01": U,
      "NET-02": P,
      "NET-05": F,
      "NET-06": P,
      "NET-07": F,
      "NET-09": F,
      "NET-11": P,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // Cluster policies from for_each over var.teams (no value): the policies are unknown → GOV-06 unknown;
  // the workspace is not declared.
  "tf/terraform-databricks-examples__modules__databricks-department-clusters__cluster-policies.tf": {
    'databricks provider "databricks" (workspace not declared in this configuration)': { "GOV-06": U, "GOV-16": U },
  },
  // azvnet databricks.tf alone: its provider points at azurerm_databricks_workspace.this, not declared here.
  "tf/terraform-provider-databricks__scripts__azvnet-integration__databricks.tf": {
    // Without the workspace its tier is unknown, and every Premium-only check with it.
    // GOV-23 (issue 17): the one all-purpose cluster terminates after 10 idle minutes.
    'databricks provider "databricks" (workspace not declared in this configuration)': {
      "GOV-16": U,
      "NET-03": U,
      "GOV-23": P,
    },
  },
  // azvnet main.tf: no_public_ip = false declared → NET-01 fail; VNet without NSG association ids and the
  // subnets are not in this file → NET-11 unknown.
  "tf/terraform-provider-databricks__scripts__azvnet-integration__main.tf": {
    "azurerm_databricks_workspace.this": {
      "NET-01": F,
      "NET-02": P,
      "NET-05": F,
      "NET-06": F,
      "NET-07": F,
      "NET-09": F,
      "NET-11": U,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // Quickstart, API 2018-04-01: disablePublicIp defaults to false → enableNoPublicIp false → NET-01 fail;
  // pricingTier default premium; no VNet, no CMK, no diagnostics; publicNetworkAccess ARM default Enabled.
  "arm/azure-quickstart-templates__quickstarts__microsoft.databricks__databricks-workspace__azuredeploy.json": {
    "azure-quickstart-templates__quickstarts__microsoft.databricks__databricks-workspace__azuredeploy.json:49": {
      "NET-01": F,
      "NET-02": F,
      "NET-05": F,
      "NET-06": F,
      "NET-07": F,
      "NET-09": F,
      "NET-11": NA,
      "DATA-01": F,
      "DATA-02": F,
      "DATA-03": F,
      "DATA-04": F,
      "GOV-01": F,
      "GOV-16": P,
    },
  },
  // Quickstart with VNet injection, API 2024-05-01: disablePublicIp default true → NET-01 pass; the VNet id is
  // a parameter without a default → NET-02 and NET-11 unknown.
  "arm/azure-quickstart-templates__quickstarts__microsoft.databricks__databricks-workspace-with-vnet-injection__azuredeploy.json":
    {
      "azure-quickstart-templates__quickstarts__microsoft.databricks__databricks-workspace-with-vnet-injection__azuredeploy.json:71":
        {
          "NET-01": P,
          "NET-02": U,
          "NET-05": F,
          "NET-06": F,
          "NET-07": F,
          "NET-09": F,
          "NET-11": U,
          "DATA-01": F,
          "DATA-02": F,
          "DATA-03": F,
          "DATA-04": F,
          "GOV-01": F,
          "GOV-16": P,
        },
    },
  // Checkov CKV2_AZURE_48 pass fixture: prepareEncryption true and encryption keySource Microsoft.Keyvault →
  // a DBFS key is applied. Checkov passes it; lakeward cannot: pricingTier has no default, and CMK exists only
  // on Premium → DATA-01..03 unknown (with a parameters file saying premium, DATA-02 passes: cli.test.ts).
  // publicNetworkAccess not declared → ARM default Enabled → NET-06 fail.
  "arm/checkov__tests__arm__checks__resource__example_DatabricksWorkspaceDBFSRootEncryptedWithCustomerManagedKey__pass.json":
    {
      "checkov__tests__arm__checks__resource__example_DatabricksWorkspaceDBFSRootEncryptedWithCustomerManagedKey__pass.json:50":
        {
          "NET-01": U,
          "NET-02": F,
          "NET-05": U,
          "NET-06": F,
          "NET-07": F,
          "NET-09": F,
          "NET-11": NA,
          "DATA-01": U,
          "DATA-02": U,
          "DATA-03": U,
          "DATA-04": F,
          "GOV-01": U,
          "GOV-16": U,
        },
    },
  // Checkov CKV_AZURE_158 fail fixture: publicNetworkAccess "Enabled" → NET-06 fail, as in Checkov.
  "arm/checkov__tests__arm__checks__resource__example_DatabricksWorkspaceIsNotPublic__fail.json": {
    "checkov__tests__arm__checks__resource__example_DatabricksWorkspaceIsNotPublic__fail.json:50": {
      "NET-01": U,
      "NET-02": F,
      "NET-05": U,
      "NET-06": F,
      "NET-07": F,
      "NET-09": F,
      "NET-11": NA,
      "DATA-02": U,
      "DATA-04": F,
      "GOV-16": U,
    },
  },
};

/** Files of one module judged together: what each file alone could not show. */
const TOGETHER: { files: string[]; workspace: string; expected: Row; why: string }[] = [
  {
    files: [
      "tf/AzureTRE__templates__workspace_services__databricks__terraform__main.tf",
      "tf/AzureTRE__templates__workspace_services__databricks__terraform__network.tf",
    ],
    workspace: "azurerm_databricks_workspace.databricks",
    // network.tf adds the databricks_ui_api endpoint (automatic connection → approved) → NET-05 and NET-07 pass;
    // the subnets are declared: NSGs associated, route 0.0.0.0/0 → VirtualAppliance → NET-08 pass.
    expected: { "NET-05": P, "NET-07": P, "NET-08": P, "NET-11": P, "DATA-04": P, "NET-06": U },
    why: "the private endpoint and the subnets live in network.tf",
  },
  {
    files: [
      "tf/terraform-databricks-examples__modules__adb-with-private-links-exfiltration-protection__workspace.tf",
      "tf/terraform-databricks-examples__modules__adb-with-private-links-exfiltration-protection__privateendpoint.tf",
    ],
    workspace: "azurerm_databricks_workspace.this",
    // privateendpoint.tf declares the databricks_ui_api endpoint of this workspace → NET-05/NET-07 pass.
    expected: { "NET-05": P, "NET-06": P, "NET-07": P },
    why: "the front-end endpoint is in privateendpoint.tf",
  },
  {
    files: [
      "tf/terraform-provider-databricks__scripts__azvnet-integration__main.tf",
      "tf/terraform-provider-databricks__scripts__azvnet-integration__databricks.tf",
    ],
    workspace: "azurerm_databricks_workspace.this",
    // databricks.tf's provider points at the workspace (azure_workspace_resource_id); no
    // databricks_workspace_conf → IP access lists never set → NET-03 fail. Its secret scope "terraform" has
    // initial_manage_principal = "users": every user holds MANAGE on it → DATA-19 and DATA-31 fail (DATA-19
    // read pass before issue 17, when initial_manage_principal was not mapped: a false pass). Why fail is right:
    // the provider's docs/resources/secret_scope.md — "initial_manage_principal … `users` that is initially
    // granted `MANAGE` permission to the created scope"; the workspace is premium (GOV-16 pass), so secret ACLs
    // apply and this grant is the one DATA-19 forbids ("Secret scope ACLs grant no WRITE/MANAGE to `users`";
    // the guide, "Store and use secrets securely": access controls decide who may use a secret, as one service
    // identity reads them for all users). The databricks_secret_acl "support_reads" (READ) changes nothing. The one
    // cluster declares autotermination_minutes = 10 → GOV-23 pass.
    expected: { "NET-01": F, "NET-03": F, "DATA-19": F, "DATA-31": F, "GOV-23": P },
    why: "the Databricks resources attach through azure_workspace_resource_id",
  },
];

function corpusFiles(): string[] {
  // Collected even when the suite is skipped: without the corpus there is nothing to list.
  if (!HAVE_CORPUS) return [];
  return ["tf", "arm", "bicep"].flatMap((kind) => readdirSync(join(CORPUS, kind)).map((name) => `${kind}/${name}`));
}

describe.skipIf(!HAVE_CORPUS)(`IaC corpus${HAVE_CORPUS ? "" : ` (${SKIP_REASON})`}`, () => {
  it("every tf and arm file of the corpus has a row in the table", () => {
    const missing = corpusFiles().filter((file) => !file.startsWith("bicep/") && !(file in TABLE));
    expect(missing).toEqual([]);
  });

  it.each(corpusFiles())("%s is scanned without a crash or input error", async (file) => {
    const { scan } = await verdicts([join(CORPUS, file)]);
    expect(scan.errors.map((e) => e.message)).toEqual([]);
    if (file.startsWith("bicep/")) expect(scan.notes.join("\n")).toMatch(/az bicep build|bicep build/);
  });

  it.each(Object.entries(TABLE))("%s matches the hand-written verdicts", async (file, expected) => {
    const { byWorkspace } = await verdicts([join(CORPUS, file)]);
    expect([...byWorkspace.keys()].sort()).toEqual(Object.keys(expected).sort());
    for (const [workspace, row] of Object.entries(expected)) {
      const actual = Object.fromEntries(Object.keys(row).map((id) => [id, byWorkspace.get(workspace)?.get(id)]));
      expect(actual, workspace).toEqual(row);
    }
  });

  it.each(TOGETHER.map((t) => [t.why, t] as const))(
    "judged together: %s",
    async (_why, { files, workspace, expected }) => {
      await together(
        files.map((f) => join(CORPUS, f)),
        async (dir) => {
          const { byWorkspace } = await verdicts([dir]);
          const actual = Object.fromEntries(
            Object.keys(expected).map((id) => [id, byWorkspace.get(workspace)?.get(id)]),
          );
          expect(actual).toEqual(expected);
        },
      );
    },
  );
});
