/** The governance checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import gov01 from "./gov-01-diagnostic-logs.ts";
import gov02 from "./gov-02-verbose-audit-logs.ts";
import gov03 from "./gov-03-system-tables-access.ts";
import gov04 from "./gov-04-activity-log-alerts.ts";
import gov05 from "./gov-05-cluster-policies-enforced.ts";
import gov06 from "./gov-06-cluster-policy-bounds.ts";
import gov07 from "./gov-07-required-tags.ts";
import gov08 from "./gov-08-cluster-restart.ts";
import gov09 from "./gov-09-supported-runtime.ts";
import gov10 from "./gov-10-automatic-cluster-update.ts";
import gov11 from "./gov-11-init-scripts.ts";
import gov12 from "./gov-12-artifact-allowlist.ts";
import gov13 from "./gov-13-git-folders.ts";
import gov14 from "./gov-14-web-terminal-dbfs-browser.ts";
import gov15 from "./gov-15-enhanced-security-monitoring.ts";
import gov16 from "./gov-16-premium-sku.ts";
import gov17 from "./gov-17-object-acls.ts";
import gov18 from "./gov-18-account-legacy-features.ts";
import gov19 from "./gov-19-models-in-unity-catalog.ts";
import gov20 from "./gov-20-personal-compute.ts";
import gov21 from "./gov-21-new-workspace-defaults.ts";
import gov22 from "./gov-22-app-user-scopes.ts";
import gov23 from "./gov-23-auto-termination.ts";
import gov24 from "./gov-24-apps-allowed-scopes.ts";

export const GOVERNANCE_CHECKS: readonly Check[] = [
  gov01,
  gov02,
  gov03,
  gov04,
  gov05,
  gov06,
  gov07,
  gov08,
  gov09,
  gov10,
  gov11,
  gov12,
  gov13,
  gov14,
  gov15,
  gov16,
  gov17,
  gov18,
  gov19,
  gov20,
  gov21,
  gov22,
  gov23,
  gov24,
];
