/** Every detection, in id order. Adding one = one file here and its tests. */
import det01 from "./det-01-failed-sign-in-burst.ts";
import det02 from "./det-02-multiple-ips.ts";
import det03 from "./det-03-unusual-sign-in.ts";
import det04 from "./det-04-ip-access-denied.ts";
import det05 from "./det-05-token-lifetime.ts";
import det06 from "./det-06-security-setting-weakened.ts";
import det07 from "./det-07-admin-granted.ts";
import det08 from "./det-08-mass-download.ts";
import det09 from "./det-09-new-secret-scope.ts";
import det10 from "./det-10-cluster-abuse.ts";
import det11 from "./det-11-init-script-library.ts";
import det12 from "./det-12-support-access.ts";
import det13 from "./det-13-permission-probing.ts";
import det14 from "./det-14-ip-access-list-changed.ts";
import det15 from "./det-15-account-setting-changed.ts";
import det16 from "./det-16-terms-of-service.ts";
import det17 from "./det-17-admin-removed.ts";
import det18 from "./det-18-privilege-escalation.ts";
import det19 from "./det-19-unauthorized-unity-catalog.ts";
import det20 from "./det-20-mount-point.ts";
import det21 from "./det-21-sharing-recipient-without-ip-list.ts";
import det22 from "./det-22-sharing-token-lifetime.ts";
import det23 from "./det-23-sharing-ip-refused.ts";
import det24 from "./det-24-destructive-burst.ts";
import det25 from "./det-25-many-workspaces.ts";
import det26 from "./det-26-uc-read-write.ts";
import det27 from "./det-27-esm-capsule8.ts";
import det28 from "./det-28-esm-clamav.ts";
import det29 from "./det-29-service-principal-secret.ts";
import det30 from "./det-30-print-statements.ts";
import type { Detection } from "./types.ts";

export const DETECTIONS: readonly Detection[] = [
  det01,
  det02,
  det03,
  det04,
  det05,
  det06,
  det07,
  det08,
  det09,
  det10,
  det11,
  det12,
  det13,
  det14,
  det15,
  det16,
  det17,
  det18,
  det19,
  det20,
  det21,
  det22,
  det23,
  det24,
  det25,
  det26,
  det27,
  det28,
  det29,
  det30,
];

/** What runs unless detections are named: every detection but the opt-in ones. */
export const DEFAULT_DETECTIONS: readonly Detection[] = DETECTIONS.filter((detection) => !detection.meta.optIn);

export function detectionById(id: string): Detection | undefined {
  return DETECTIONS.find((detection) => detection.meta.id === id.toUpperCase());
}
