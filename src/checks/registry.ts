/**
 * Every check lakeward has. A check is added by writing its file and listing it here; docs, reports and
 * the CLI read this list.
 */
import data01 from "./data/data-01-cmk-managed-services.ts";
import data02 from "./data/data-02-cmk-dbfs.ts";
import data03 from "./data/data-03-cmk-managed-disks.ts";
import data04 from "./data/data-04-infrastructure-encryption.ts";
import data12 from "./data/data-12-user-isolation.ts";
import data13 from "./data/data-13-export-notebook.ts";
import data14 from "./data/data-14-results-download.ts";
import data15 from "./data/data-15-notebook-clipboard.ts";
import data16 from "./data/data-16-mlflow-artifact-download.ts";
import data17 from "./data/data-17-browser-protections.ts";
import gov01 from "./governance/gov-01-diagnostic-logs.ts";
import gov02 from "./governance/gov-02-verbose-audit-logs.ts";
import gov08 from "./governance/gov-08-cluster-restart.ts";
import gov16 from "./governance/gov-16-premium-sku.ts";
import iam02 from "./identity/iam-02-admin-count.ts";
import iam06 from "./identity/iam-06-max-token-lifetime.ts";
import iam07 from "./identity/iam-07-token-expiry.ts";
import iam08 from "./identity/iam-08-token-permission.ts";
import net01 from "./network/net-01-secure-cluster-connectivity.ts";
import net02 from "./network/net-02-vnet-injection.ts";
import net03 from "./network/net-03-ip-access-lists.ts";
import net04 from "./network/net-04-ip-access-list-breadth.ts";
import net05 from "./network/net-05-front-end-private-link.ts";
import net06 from "./network/net-06-public-network-access.ts";
import net07 from "./network/net-07-back-end-private-link.ts";
import net11 from "./network/net-11-subnet-nsgs.ts";
import type { Check } from "./types.ts";

export const CHECKS: readonly Check[] = [
  net01,
  net02,
  net03,
  net04,
  net05,
  net06,
  net07,
  net11,
  iam02,
  iam06,
  iam07,
  iam08,
  data01,
  data02,
  data03,
  data04,
  data12,
  data13,
  data14,
  data15,
  data16,
  data17,
  gov01,
  gov02,
  gov08,
  gov16,
];

export function findCheck(id: string): Check | undefined {
  return CHECKS.find((check) => check.meta.id.toLowerCase() === id.toLowerCase());
}
