/** The governance checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import gov01 from "./gov-01-diagnostic-logs.ts";
import gov02 from "./gov-02-verbose-audit-logs.ts";
import gov08 from "./gov-08-cluster-restart.ts";
import gov16 from "./gov-16-premium-sku.ts";

export const GOVERNANCE_CHECKS: readonly Check[] = [gov01, gov02, gov08, gov16];
