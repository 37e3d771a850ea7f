/**
 * Reading several facts of which some may be unknown. A check that can fail on what it did read should
 * say so even when another fact is missing; it must never pass while one is. `read` records a fact and
 * returns its value or undefined; `settle` then turns the first unknown fact into an `unknown` result.
 */
import type { Fact } from "../../evidence/fact.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import { WORKSPACE_CONF_KEYS, type WorkspaceConfKeyName } from "../../sources/databricks/workspace-conf-keys.ts";
import { type ConfSetting, confFact, confSetting, noDocumentedDefault } from "../helpers.ts";
import type { EvaluationContext } from "../types.ts";

export interface PartialReader {
  read<T>(label: string, fact: Fact<T>): T | undefined;
  /** The labels of the facts that could not be read, with their reasons. */
  readonly missing: readonly { label: string; reason: string }[];
  /** "; could not also judge …" for a failure message (facts unread, or settings never set without a documented default), or "" when everything was judged. */
  note(): string;
  /** Stops the evaluation as `unknown` when any fact read so far is unknown. */
  settle(): void;
  /** Holds something that cannot be judged as missing; `settle` runs `stop`, which must throw. */
  defer(label: string, reason: string, stop: () => void): void;
}

export function partialReader(context: EvaluationContext): PartialReader {
  const pending: (() => void)[] = [];
  const missing: { label: string; reason: string }[] = [];
  return {
    read<T>(label: string, fact: Fact<T>): T | undefined {
      const seen = context.peek(label, fact);
      if (seen.status === "known") return seen.value;
      pending.push(() => context.get(label, seen));
      missing.push({ label, reason: seen.reason });
      return undefined;
    },
    defer(label, reason, stop) {
      pending.push(stop);
      missing.push({ label, reason });
    },
    missing,
    note() {
      return missing.length
        ? `; could not also judge (so there may be more): ${missing.map((m) => `${m.label} (${m.reason})`).join("; ")}`
        : "";
    },
    settle() {
      for (const stop of pending) stop();
    },
  };
}

/**
 * A workspace-conf setting read through a partial reader: its effective value (with the documented
 * default for a never-set key), or undefined when the key is unknown or never set without a documented
 * default, in which case the reader holds it as missing.
 */
export function partialSetting(
  context: EvaluationContext,
  evidence: WorkspaceEvidence,
  reader: PartialReader,
  key: WorkspaceConfKeyName,
): ConfSetting | undefined {
  const label = `workspace-conf ${key}`;
  const fact = confFact(evidence, key);
  if (fact.status !== "known") {
    reader.read(label, fact);
    return undefined;
  }
  if (fact.value === null && WORKSPACE_CONF_KEYS[key].whenUnset === undefined) {
    // Read, and decides nothing: confSetting records the never-set value and stops as "cannot judge".
    reader.defer(label, noDocumentedDefault(key), () => confSetting(context, evidence, key));
    return undefined;
  }
  return confSetting(context, evidence, key);
}
