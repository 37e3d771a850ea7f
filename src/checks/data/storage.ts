/** Storage accounts as the data checks read them: one fact per property, labelled with the account. */
import type { Fact } from "../../evidence/fact.ts";
import type { StorageAccount } from "../../evidence/model.ts";

export const DBFS_ROOT_NOTE =
  "Databricks-managed: it sits in the workspace's managed resource group under a deny assignment, so customers cannot change it";

/** How an account of role "unreferenced" (declared in a configuration, referenced by nothing) reads. */
export const UNREFERENCED_ACCOUNT = "declared in the configuration; its role for this workspace was not established";

export function describeAccount(account: StorageAccount): string {
  const use =
    account.role === "dbfs-root"
      ? "DBFS root"
      : account.role === "unreferenced"
        ? UNREFERENCED_ACCOUNT
        : account.usedBy.length
          ? account.usedBy.join(", ")
          : "Unity Catalog";
  return `${account.name} (${use})`;
}

/** The label under which an account's property is recorded as evidence, e.g. `storage datalake1 httpsOnly`. */
export function accountLabel(account: StorageAccount, property: string): string {
  return `storage account ${account.name} ${property}`;
}

export type AccountFact<T> = (account: StorageAccount) => Fact<T>;
