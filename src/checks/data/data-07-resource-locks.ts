import type { Lock } from "../../evidence/model.ts";
import { defineCheck, fail, listSome, pass } from "../define.ts";
import { expr } from "../fix-types.ts";
import { partialReader } from "./partial.ts";
import { accountLabel, describeAccount } from "./storage.ts";

/** Only these levels stop a delete; `NotSpecified` is in the enum but protects nothing. */
const PROTECTING = ["cannotdelete", "readonly"];
const protecting = (locks: readonly Lock[]) => locks.filter((lock) => PROTECTING.includes(lock.level.toLowerCase()));
const others = (locks: readonly Lock[]) => {
  const idle = locks.filter((lock) => !PROTECTING.includes(lock.level.toLowerCase()));
  return idle.length
    ? ` (${idle.map((lock) => `${lock.name} is ${lock.level}`).join(", ")}, which does not prevent deletion)`
    : "";
};

const describeLocks = (locks: readonly Lock[]) =>
  locks.map((lock) => `${lock.name} (${lock.level} on ${scopeName(lock.scope)})`).join(", ");

/** The last two segments of a scope: "workspaces/ws", "resourceGroups/rg", "subscriptions/s". */
function scopeName(scope: string): string {
  const parts = scope.split("/").filter(Boolean);
  return parts.slice(-2).join("/");
}

export default defineCheck({
  meta: {
    id: "DATA-07",
    title: "Resource locks on the workspace and its storage accounts",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["IN"],
    controls: ["BR-4", "AM-4"],
    mcsb: ["AM-4", "BR-2"],
    guide: ["Enable blob versioning, soft deletes and other data protection features"],
    sources: ["arm", "iac"],
    rationale:
      "Deleting the workspace resource deletes its managed resource group and DBFS root; deleting a Unity Catalog storage account deletes the data. A CanNotDelete lock on the workspace and on each data account (directly, or on its resource group or subscription) makes such a mistake impossible without first removing the lock. The DBFS root account is not judged: customers cannot lock it, and the deny assignment on the managed resource group already stops them deleting it.",
    remediation: {
      ui: "Azure portal → the workspace (and each listed storage account, or their resource groups) → Settings → Locks → Add: lock type 'Delete'.",
      terraform: `resource "azurerm_management_lock" "workspace" {
  name       = "no-delete"
  scope      = azurerm_databricks_workspace.this.id
  lock_level = "CanNotDelete"
  notes      = "Deleting the workspace deletes its managed resource group"
}

resource "azurerm_management_lock" "datalake" {
  name       = "no-delete"
  scope      = azurerm_storage_account.datalake.id
  lock_level = "CanNotDelete"
}`,
      fix: (input) => ({
        resources: [
          {
            type: "azurerm_management_lock",
            name: "workspace",
            body: {
              name: "no-delete",
              scope: expr(`${input.workspaceAddress}.id`),
              lock_level: "CanNotDelete",
              notes: "Deleting the workspace deletes its managed resource group",
            },
          },
        ],
        manual: input.result.resources.filter((r) => !/^workspace /.test(r)).length
          ? [
              `lock the storage accounts the finding names too (Azure portal → the account → Locks → Add, Delete): ${input.result.resources.filter((r) => !/^workspace /.test(r)).join(", ")}`,
            ]
          : [],
      }),
    },
  },
  evaluate(evidence, context) {
    const reader = partialReader(context);
    const problems: string[] = [];
    const offending: string[] = [];
    const protectedBy: string[] = [];
    const workspaceLocks = reader.read(
      "locks on the workspace, its resource group and subscription",
      evidence.azure.locks,
    );
    if (workspaceLocks) {
      if (protecting(workspaceLocks).length === 0) {
        problems.push(
          `workspace ${evidence.workspace.name} has no lock (none on it, its resource group or subscription)${others(workspaceLocks)}`,
        );
        offending.push(evidence.workspace.resourceId ?? evidence.workspace.name);
      } else protectedBy.push(`workspace: ${describeLocks(protecting(workspaceLocks))}`);
    }
    const accounts = reader.read("storage accounts", evidence.azure.storageAccounts);
    const skipped: string[] = [];
    for (const account of accounts ?? []) {
      if (account.role === "dbfs-root") {
        skipped.push(account.name);
        continue;
      }
      const locks = reader.read(accountLabel(account, "locks"), account.locks);
      if (!locks) continue;
      if (protecting(locks).length === 0) {
        problems.push(`${describeAccount(account)} has no lock${others(locks)}`);
        offending.push(account.name);
      } else protectedBy.push(`${account.name}: ${describeLocks(protecting(locks))}`);
    }
    const skippedNote = skipped.length
      ? ` (DBFS root ${skipped.join(", ")} not judged: customers cannot lock it; the deny assignment protects it)`
      : "";
    if (problems.length)
      return fail(
        `${problems.length} resource(s) can be deleted in one step: ${listSome(problems, 4)}${reader.note()}${skippedNote}`,
        offending,
      );
    reader.settle();
    const judged = (accounts ?? []).length - skipped.length;
    return pass(
      `the workspace and all ${judged} customer-managed storage account(s) are locked: ${listSome(protectedBy, 4)}${skippedNote}`,
    );
  },
});
