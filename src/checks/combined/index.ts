/** The combined findings, in id order. Add a new one here. */
import type { Check } from "../types.ts";
import cmb01 from "./cmb-01-internet-long-lived-tokens.ts";
import cmb02 from "./cmb-02-internet-no-mfa.ts";
import cmb03 from "./cmb-03-account-secrets-open.ts";

export const COMBINED_CHECKS: readonly Check[] = [cmb01, cmb02, cmb03];
