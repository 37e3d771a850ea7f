/**
 * The workspace's pricing tier when Azure Resource Manager was not read (`scan --host`): the Databricks
 * API tells it. IP access lists and token management exist only on the Premium tier — a Standard-tier
 * workspace answers 404 FEATURE_DISABLED "This feature requires the Premium pricing tier" — so a workspace
 * whose lists answered is Premium, and one that said so is Standard. Checks that only need the tier then
 * judge the Databricks side that was read instead of all waiting on ARM; the fact says it was inferred,
 * and that reading ARM (--workspace-resource-id or --subscription) would read the SKU itself.
 */
import { type Fact, known } from "./fact.ts";
import type { DatabricksWorkspace } from "./model.ts";

const PREMIUM_ONLY = [
  ["ipAccessLists", "GET /api/2.0/ip-access-lists"],
  ["tokens", "GET /api/2.0/token-management/tokens"],
] as const;

const STANDARD_ANSWER = /FEATURE_DISABLED|requires the Premium pricing tier/i;

export function inferTier(databricks: DatabricksWorkspace): Fact<string> | undefined {
  const note = (what: string) =>
    `inferred, not read: ${what}; Azure Resource Manager (--workspace-resource-id or --subscription) would read the SKU`;
  for (const [field, endpoint] of PREMIUM_ONLY) {
    const fact = databricks[field];
    if (fact.status === "known")
      return known("premium", `${fact.source} (tier inferred)`, {
        note: note(`${endpoint} answered, and it exists only on the Premium tier`),
      });
  }
  for (const [field, endpoint] of PREMIUM_ONLY) {
    const fact = databricks[field];
    if (fact.status === "unknown" && STANDARD_ANSWER.test(fact.reason))
      return known("standard", `${fact.source} (tier inferred)`, {
        note: note(`${endpoint} answered that it requires the Premium pricing tier`),
      });
  }
  return undefined;
}
