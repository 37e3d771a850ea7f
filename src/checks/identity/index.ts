/** The identity checks, in id order. Add a new check of this category here. */

import type { Check } from "../types.ts";
import iam01 from "./iam-01-conditional-access-mfa.ts";
import iam02 from "./iam-02-admin-count.ts";
import iam03 from "./iam-03-admin-daily-use.ts";
import iam04 from "./iam-04-privileged-azure-roles.ts";
import iam05 from "./iam-05-jobs-run-as-service-principals.ts";
import iam06 from "./iam-06-max-token-lifetime.ts";
import iam07 from "./iam-07-token-expiry.ts";
import iam08 from "./iam-08-token-permission.ts";
import iam09 from "./iam-09-pats-disabled.ts";
import iam10 from "./iam-10-scim-provisioning.ts";
import iam11 from "./iam-11-cluster-create-entitlement.ts";
import iam12 from "./iam-12-restrict-workspace-admins.ts";
import iam13 from "./iam-13-dormant-users.ts";
import iam14 from "./iam-14-metastore-owner.ts";
import iam15 from "./iam-15-job-manage-permissions.ts";
import iam16 from "./iam-16-token-scopes.ts";
import iam17 from "./iam-17-unused-tokens.ts";
import iam18 from "./iam-18-service-principal-secrets.ts";
import iam19 from "./iam-19-inactive-service-principals.ts";
import iam20 from "./iam-20-hidden-admin-paths.ts";
import iam21 from "./iam-21-run-as-service-principal.ts";
import iam22 from "./iam-22-privileged-from-entra.ts";
import iam23 from "./iam-23-groups-without-active-member.ts";

export const IDENTITY_CHECKS: readonly Check[] = [
  iam01,
  iam02,
  iam03,
  iam04,
  iam05,
  iam06,
  iam07,
  iam08,
  iam09,
  iam10,
  iam11,
  iam12,
  iam13,
  iam14,
  iam15,
  iam16,
  iam17,
  iam18,
  iam19,
  iam20,
  iam21,
  iam22,
  iam23,
];
