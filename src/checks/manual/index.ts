/** The manual checks, in id order. Add a new check of this category here. */
import type { Check } from "../types.ts";
import man01 from "./man-01-customer-lockbox.ts";
import man02 from "./man-02-disaster-recovery.ts";
import man03 from "./man-03-workspace-backup.ts";
import man04 from "./man-04-incident-response.ts";
import man05 from "./man-05-group-review.ts";

export const MANUAL_CHECKS: readonly Check[] = [man01, man02, man03, man04, man05];
