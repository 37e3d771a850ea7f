import type { Check, ResultPaths, Verdict } from "./types.ts";

/** Identity function that gives a check file its types (as typescript-eslint's createRule does). */
export function defineCheck(check: Check): Check {
  return check;
}

export const pass = (message: string, resources?: string[]): Verdict => ({
  status: "pass",
  message,
  ...(resources ? { resources } : {}),
});
export const fail = (message: string, resources?: string[], paths?: ResultPaths): Verdict => ({
  status: "fail",
  message,
  ...(resources ? { resources } : {}),
  ...(paths ? { paths } : {}),
});
export const notApplicable = (message: string): Verdict => ({ status: "not_applicable", message });
/** A recommendation no API can show; answered by an attestation in the config file (see engine). */
export const manual = (message: string): Verdict => ({ status: "manual", message });
export const undetermined = (message: string, resources?: string[], paths?: ResultPaths): Verdict => ({
  status: "unknown",
  message,
  ...(resources ? { resources } : {}),
  ...(paths ? { paths } : {}),
});

/** "1 token", "3 tokens". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** Names up to `max` items and says how many more there are; full lists stay in `resources`. */
export function listSome(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(", ");
  return `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}
