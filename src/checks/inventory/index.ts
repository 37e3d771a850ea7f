/** The inventory checks, in id order. Add a new check of this category here. */
import type { Check } from "../types.ts";
import info01 from "./info-01-workspaces-regions.ts";
import info02 from "./info-02-compute-quota.ts";
import info03 from "./info-03-expiring-tokens.ts";
import info04 from "./info-04-cluster-libraries.ts";
import info05 from "./info-05-secret-scopes.ts";
import info06 from "./info-06-delta-sharing-principals.ts";
import info07 from "./info-07-ai-endpoints.ts";
import info08 from "./info-08-discovered-settings.ts";
import info09 from "./info-09-federation-policies.ts";
import info10 from "./info-10-federated-recipients.ts";
import info11 from "./info-11-abac-classification.ts";

export const INVENTORY_CHECKS: readonly Check[] = [
  info01,
  info02,
  info03,
  info04,
  info05,
  info06,
  info07,
  info08,
  info09,
  info10,
  info11,
];
