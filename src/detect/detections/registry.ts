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
];

export function detectionById(id: string): Detection | undefined {
  return DETECTIONS.find((detection) => detection.meta.id === id.toUpperCase());
}
