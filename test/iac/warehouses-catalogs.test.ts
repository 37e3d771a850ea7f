/**
 * SQL warehouses (`databricks_sql_endpoint`) and Unity Catalog catalogs (`databricks_catalog`) in
 * Terraform: what is declared, the provider defaults for what is not, unknown when a value depends on the
 * world, and the storage account behind a catalog's `storage_root` judged like a location's.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../../src/checks/registry.ts";
import { evaluateWorkspace } from "../../src/engine/evaluate.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { scanIac } from "../../src/iac/scan.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-wh-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const WORKSPACE = `
resource "azurerm_databricks_workspace" "this" {
  name                = "ws-wh"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "premium"
  tags                = { CostCenter = "1", Owner = "x" }
}
`;

async function evidenceOf(name: string, tf: string): Promise<WorkspaceEvidence> {
  const path = join(dir, name);
  await rm(path, { recursive: true, force: true });
  await mkdir(path);
  await writeFile(join(path, "main.tf"), WORKSPACE + tf);
  const scan = await scanIac([path]);
  const evidence = scan.configurations.flatMap((c) => c.evidence);
  expect(evidence).toHaveLength(1);
  return evidence[0]!;
}

const gov07 = (evidence: WorkspaceEvidence) =>
  evaluateWorkspace(evidence, CHECKS, { profile: "high" }).results.find((r) => r.checkId === "GOV-07")!;

describe("databricks_sql_endpoint", () => {
  it("maps tags (literal and dynamic blocks), serverless, type, size and auto-stop; defaults fill the rest", async () => {
    const evidence = await evidenceOf(
      "mapped",
      `
locals {
  tags = { CostCenter = "cc-1", Owner = "bi@contoso.example" }
}
resource "databricks_sql_endpoint" "bi" {
  name                      = "bi"
  cluster_size              = "Small"
  enable_serverless_compute = true
  warehouse_type            = "PRO"
  auto_stop_mins            = 0
  max_num_clusters          = 3
  channel {
    name = "CHANNEL_NAME_PREVIEW"
  }
  tags {
    dynamic "custom_tags" {
      for_each = local.tags
      content {
        key   = custom_tags.key
        value = custom_tags.value
      }
    }
  }
}
resource "databricks_sql_endpoint" "adhoc" {
  name         = "adhoc"
  cluster_size = "X-Large"
  tags {
    custom_tags {
      key   = "Team"
      value = "analytics"
    }
  }
}
`,
    );
    const warehouses = evidence.databricks.sqlWarehouses;
    expect(warehouses.status).toBe("known");
    if (warehouses.status !== "known") return;
    expect(warehouses.location?.file).toMatch(/main\.tf$/);
    expect(warehouses.note).toMatch(/auto_stop_mins not declared is the provider default \(120\)/);
    expect(warehouses.value).toEqual([
      {
        id: "databricks_sql_endpoint.bi",
        name: "bi",
        warehouseType: "PRO",
        serverless: true,
        clusterSize: "Small",
        autoStopMinutes: 0,
        maxNumClusters: 3,
        channel: "CHANNEL_NAME_PREVIEW",
        creatorName: null,
        tags: { CostCenter: "cc-1", Owner: "bi@contoso.example" },
        state: null,
      },
      {
        id: "databricks_sql_endpoint.adhoc",
        name: "adhoc",
        warehouseType: null,
        serverless: null,
        clusterSize: "X-Large",
        autoStopMinutes: 120,
        maxNumClusters: 1,
        channel: null,
        creatorName: null,
        tags: { Team: "analytics" },
        state: null,
      },
    ]);
    const result = gov07(evidence);
    expect(result.status).toBe("fail");
    expect(result.resources).toEqual(['SQL warehouse "adhoc" (databricks_sql_endpoint.adhoc)']);
  });

  it("tags that depend on a variable without a value are unknown, so GOV-07 does not pass", async () => {
    const evidence = await evidenceOf(
      "unresolved",
      `
variable "team_tags" {
  type = map(string)
}
resource "databricks_sql_endpoint" "bi" {
  name         = "bi"
  cluster_size = "Small"
  tags {
    dynamic "custom_tags" {
      for_each = var.team_tags
      content {
        key   = custom_tags.key
        value = custom_tags.value
      }
    }
  }
}
`,
    );
    const warehouses = evidence.databricks.sqlWarehouses;
    expect(warehouses.status).toBe("unknown");
    if (warehouses.status === "unknown") expect(warehouses.reason).toMatch(/databricks_sql_endpoint\.bi\.tags/);
    expect(gov07(evidence).status).toBe("unknown");
  });

  it("none declared (with other Databricks resources): the declared list is empty and says only declared objects are seen", async () => {
    const evidence = await evidenceOf(
      "none",
      `
resource "databricks_instance_pool" "warm" {
  instance_pool_name = "warm"
  node_type_id       = "Standard_D4ds_v5"
  custom_tags        = { CostCenter = "1", Owner = "x" }
}
`,
    );
    expect(evidence.databricks.sqlWarehouses).toMatchObject({ status: "known", value: [] });
    expect(evidence.databricks.unityCatalog.catalogs).toMatchObject({ status: "known", value: [] });
    const warehouses = evidence.databricks.sqlWarehouses;
    if (warehouses.status === "known") expect(warehouses.note).toMatch(/objects created outside it are not visible/);
  });

  it("no Databricks resource at all: both unknown, not an empty list", async () => {
    const evidence = await evidenceOf("azure-only", "");
    expect(evidence.databricks.sqlWarehouses.status).toBe("unknown");
    expect(evidence.databricks.unityCatalog.catalogs.status).toBe("unknown");
  });
});

describe("databricks_catalog", () => {
  it("maps owner, isolation mode (OPEN by default) and storage root; the root's storage account is judged", async () => {
    const evidence = await evidenceOf(
      "catalogs",
      `
resource "azurerm_storage_account" "claims" {
  name                     = "contosoclaims"
  resource_group_name      = "rg"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "databricks_catalog" "claims" {
  name           = "claims"
  owner          = "claims-admins"
  isolation_mode = "ISOLATED"
  storage_root   = "abfss://claims@contosoclaims.dfs.core.windows.net/"
}
resource "databricks_catalog" "sandbox" {
  name = "sandbox"
}
resource "databricks_catalog" "partner" {
  name          = "partner"
  provider_name = "partner-co"
  share_name    = "sales"
}
`,
    );
    expect(evidence.databricks.unityCatalog.catalogs).toMatchObject({
      status: "known",
      value: [
        {
          name: "claims",
          owner: "claims-admins",
          catalogType: "MANAGED_CATALOG",
          isolationMode: "ISOLATED",
          storageRoot: "abfss://claims@contosoclaims.dfs.core.windows.net/",
        },
        { name: "sandbox", owner: null, catalogType: "MANAGED_CATALOG", isolationMode: "OPEN", storageRoot: null },
        { name: "partner", catalogType: "DELTASHARING_CATALOG", isolationMode: "OPEN" },
      ],
    });
    const accounts = evidence.azure.storageAccounts;
    expect(accounts.status).toBe("known");
    if (accounts.status === "known")
      expect(accounts.value.find((a) => a.name === "contosoclaims")).toMatchObject({
        role: "unity-catalog",
        usedBy: ["claims"],
        networkDefaultAction: { status: "known", value: "Allow" },
      });
    const net09 = evaluateWorkspace(evidence, CHECKS, { profile: "high" }).results.find((r) => r.checkId === "NET-09")!;
    expect(net09.message).toMatch(/contosoclaims/);
  });
});
