/** The network checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import net01 from "./net-01-secure-cluster-connectivity.ts";
import net02 from "./net-02-vnet-injection.ts";
import net03 from "./net-03-ip-access-lists.ts";
import net04 from "./net-04-ip-access-list-breadth.ts";
import net05 from "./net-05-front-end-private-link.ts";
import net06 from "./net-06-public-network-access.ts";
import net07 from "./net-07-back-end-private-link.ts";
import net11 from "./net-11-subnet-nsgs.ts";

export const NETWORK_CHECKS: readonly Check[] = [net01, net02, net03, net04, net05, net06, net07, net11];
