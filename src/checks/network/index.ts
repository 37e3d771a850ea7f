/** The network checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import net01 from "./net-01-secure-cluster-connectivity.ts";
import net02 from "./net-02-vnet-injection.ts";
import net03 from "./net-03-ip-access-lists.ts";
import net04 from "./net-04-ip-access-list-breadth.ts";
import net05 from "./net-05-front-end-private-link.ts";
import net06 from "./net-06-public-network-access.ts";
import net07 from "./net-07-back-end-private-link.ts";
import net08 from "./net-08-egress-control.ts";
import net09 from "./net-09-storage-network-access.ts";
import net10 from "./net-10-account-ip-access-lists.ts";
import net11 from "./net-11-subnet-nsgs.ts";
import net12 from "./net-12-dbfs-storage-firewall.ts";
import net13 from "./net-13-serverless-egress.ts";
import net14 from "./net-14-serving-endpoint-access.ts";
import net15 from "./net-15-context-based-ingress.ts";

export const NETWORK_CHECKS: readonly Check[] = [
  net01,
  net02,
  net03,
  net04,
  net05,
  net06,
  net07,
  net08,
  net09,
  net10,
  net11,
  net12,
  net13,
  net14,
  net15,
];
