/**
 * The bridge between a check and its evidence. `get` returns a known value or stops the evaluation with
 * MissingEvidence, which the engine reports as `unknown` with the fact's reason, so a check cannot
 * forget to handle missing evidence and can never pass on it.
 */
import type { Fact } from "../evidence/fact.ts";
import type { EvaluationContext, EvidenceUse } from "./types.ts";

/**
 * Thrown by `get` for evidence that is unknown. Control flow, not a fault: deliberately not an Error, so no
 * stack trace is captured or formatted (one per unknown fact, tens of thousands in an IaC scan of thousands
 * of stacks: the Error version, even with its stack trace limit at zero, cost about ten times as much per
 * throw, bench:iac). It carries a name and message like an Error should it ever reach a generic handler.
 */
export class MissingEvidence {
  readonly name = "MissingEvidence";
  readonly label: string;
  readonly source: string;
  readonly reason: string;
  /** True when the evidence was read but cannot decide (a setting never set without a documented default). */
  readonly read: boolean;
  constructor(label: string, source: string, reason: string, options: { read?: boolean } = {}) {
    this.label = label;
    this.source = source;
    this.reason = reason;
    this.read = options.read ?? false;
  }
  get message(): string {
    return `${this.label}: ${this.reason}`;
  }
  toString(): string {
    return `${this.name}: ${this.message}`;
  }
}

/** Values longer than this (as JSON) are summarised in results rather than copied. */
const MAX_EVIDENCE_JSON = 600;

function summarise(value: unknown): unknown {
  const json = JSON.stringify(value);
  if (json === undefined || json.length <= MAX_EVIDENCE_JSON) return value;
  if (Array.isArray(value)) return `${value.length} items (see the snapshot for all of them)`;
  return `${json.slice(0, MAX_EVIDENCE_JSON)}…`;
}

/**
 * The evidence uses already made of each fact under each label, shared by the results of one workspace's
 * evaluation: thirty checks reading `sku` hold one use object, not thirty copies (and its value is
 * summarised once). A use is a pure function of the label and the fact; nothing changes a use once made.
 */
export type EvidenceUses = WeakMap<Fact<unknown>, Map<string, EvidenceUse>>;

function useOf<T>(label: string, fact: Fact<T>): EvidenceUse {
  return fact.status === "known"
    ? {
        label,
        source: fact.source,
        value: summarise(fact.value),
        ...(fact.note ? { note: fact.note } : {}),
        ...(fact.location ? { location: fact.location } : {}),
        ...(fact.partial ? { partial: fact.partial } : {}),
      }
    : { label, source: fact.source, reason: fact.reason };
}

export function createContext(
  thresholds: Record<string, number>,
  now: Date,
  lists: Record<string, readonly string[]> = {},
  uses?: EvidenceUses,
): { context: EvaluationContext; used: EvidenceUse[] } {
  const used: EvidenceUse[] = [];
  const record = <T>(label: string, fact: Fact<T>) => {
    if (used.some((use) => use.label === label)) return;
    if (!uses) {
      used.push(useOf(label, fact));
      return;
    }
    let byLabel = uses.get(fact);
    if (!byLabel) {
      byLabel = new Map();
      uses.set(fact, byLabel);
    }
    let use = byLabel.get(label);
    if (!use) {
      use = useOf(label, fact);
      byLabel.set(label, use);
    }
    used.push(use);
  };
  const context: EvaluationContext = {
    thresholds,
    lists,
    now,
    get(label, fact) {
      record(label, fact);
      if (fact.status === "unknown") throw new MissingEvidence(label, fact.source, fact.reason);
      return fact.value;
    },
    peek(label, fact) {
      record(label, fact);
      return fact;
    },
  };
  return { context, used };
}
