/**
 * A fact is one piece of evidence: either a value that a source read, or `unknown` with the reason it
 * could not be read. There is deliberately no third state: a value that was not read is never filled in
 * with a guessed default (DESIGN.md, "never a false pass").
 */
import { z } from "zod";

export const sourceLocationSchema = z.object({
  file: z.string(),
  line: z.number().int().positive(),
});
export type SourceLocation = z.infer<typeof sourceLocationSchema>;

export interface KnownFact<T> {
  status: "known";
  value: T;
  /** Where the value came from: an endpoint ("GET /api/2.0/ip-access-lists"), an ARM resource, a file. */
  source: string;
  /** Anything a reader must know to trust the value, e.g. "not declared; platform default assumed". */
  note?: string;
  location?: SourceLocation;
  /**
   * Set when the value may be incomplete, with why (a list read by an identity that sees only part of it).
   * What it holds is true, so a failure found in it stands; a pass or "not applicable" resting on it does
   * not (the engine turns those into unknown).
   */
  partial?: string;
}

export interface UnknownFact {
  status: "unknown";
  /** Why the value could not be read, in words a user can act on ("HTTP 403 PERMISSION_DENIED: ..."). */
  reason: string;
  source: string;
}

export type Fact<T> = KnownFact<T> | UnknownFact;

export function known<T>(
  value: T,
  source: string,
  extra: { note?: string; location?: SourceLocation } = {},
): KnownFact<T> {
  return { status: "known", value, source, ...extra };
}

export function unknown(reason: string, source: string): UnknownFact {
  return { status: "unknown", reason, source };
}

export function isKnown<T>(fact: Fact<T>): fact is KnownFact<T> {
  return fact.status === "known";
}

/** Applies `fn` to a known value; an unknown fact stays unknown with its reason. */
export function mapFact<T, U>(fact: Fact<T>, fn: (value: T) => U): Fact<U> {
  return fact.status === "known" ? { ...fact, value: fn(fact.value) } : fact;
}

/** zod schema of a Fact whose value matches `value`. */
export function factSchema<S extends z.ZodType>(value: S) {
  return z.discriminatedUnion("status", [
    z.object({
      status: z.literal("known"),
      value,
      source: z.string(),
      note: z.string().optional(),
      location: sourceLocationSchema.optional(),
      partial: z.string().optional(),
    }),
    z.object({
      status: z.literal("unknown"),
      reason: z.string().min(1),
      source: z.string(),
    }),
  ]);
}
