/** The identity checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import iam02 from "./iam-02-admin-count.ts";
import iam06 from "./iam-06-max-token-lifetime.ts";
import iam07 from "./iam-07-token-expiry.ts";
import iam08 from "./iam-08-token-permission.ts";

export const IDENTITY_CHECKS: readonly Check[] = [iam02, iam06, iam07, iam08];
