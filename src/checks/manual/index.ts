/** The manual checks, in id order. Add a new check of this category here. */
import type { Check } from "../types.ts";

export const MANUAL_CHECKS: readonly Check[] = [];
