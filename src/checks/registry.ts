/**
 * Every check lakeward has, gathered from the category lists (src/checks/<category>/index.ts). A check is
 * added by writing its file and its test table and listing it in its category's index; docs, reports
 * and the CLI read this list.
 */
import { COMBINED_CHECKS } from "./combined/index.ts";
import { DATA_CHECKS } from "./data/index.ts";
import { GOVERNANCE_CHECKS } from "./governance/index.ts";
import { IDENTITY_CHECKS } from "./identity/index.ts";
import { INVENTORY_CHECKS } from "./inventory/index.ts";
import { MANUAL_CHECKS } from "./manual/index.ts";
import { NETWORK_CHECKS } from "./network/index.ts";
import type { Check } from "./types.ts";

const byId = (a: Check, b: Check) => {
  const [pa = "", na = 0] = [a.meta.id.split("-")[0], Number(a.meta.id.split("-")[1])];
  const [pb = "", nb = 0] = [b.meta.id.split("-")[0], Number(b.meta.id.split("-")[1])];
  return pa === pb ? na - nb : 0;
};

export const CHECKS: readonly Check[] = [
  ...[...NETWORK_CHECKS].sort(byId),
  ...[...IDENTITY_CHECKS].sort(byId),
  ...[...DATA_CHECKS].sort(byId),
  ...[...GOVERNANCE_CHECKS].sort(byId),
  ...[...INVENTORY_CHECKS].sort(byId),
  ...[...COMBINED_CHECKS].sort(byId),
  ...[...MANUAL_CHECKS].sort(byId),
];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((check) => check.meta.id.toLowerCase() === id.toLowerCase());
}
