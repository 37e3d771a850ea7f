/** The inventory checks, in id order. Add a new check of this category here. */
import type { Check } from "../types.ts";

export const INVENTORY_CHECKS: readonly Check[] = [];
