/**
 * The test table of a check, in the manner of typescript-eslint's RuleTester: each case edits the good
 * evidence and states the expected status (and, optionally, what the message must say). Every table must
 * cover pass, fail and unknown (a manual check's table: manual; an inventory-only check's — INVENTORY_ONLY —
 * pass and unknown); `coverage.test.ts` makes sure every check has one.
 */
import { describe, expect, it } from "vitest";
import type { Check, Status } from "../../src/checks/types.ts";
import { evaluateCheck } from "../../src/engine/evaluate.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { goodEvidence, NOW } from "./evidence.ts";

export interface CheckCase {
  name: string;
  status: Status;
  edit?: (evidence: WorkspaceEvidence) => void;
  message?: RegExp;
  /** Threshold overrides, keyed by the threshold's name. */
  thresholds?: Record<string, number>;
  /** List overrides, keyed by the list's name. */
  lists?: Record<string, string[]>;
  /** Resources the result must name. */
  resources?: string[];
}

/**
 * Checks that record what they find and have no failing state (an inventory, not a verdict): their tables
 * prove pass and unknown. Kept short on purpose: a check belongs here only when no evidence could make it
 * fail by design (INFO-08: a real workspace's settings catalogue lists dozens of feature previews no check
 * judges, so "not judged" cannot be a failure).
 */
export const INVENTORY_ONLY: ReadonlySet<string> = new Set(["INFO-08"]);

export function checkCases(check: Check, cases: readonly CheckCase[]): void {
  describe(`${check.meta.id}: ${check.meta.title}`, () => {
    // A manual check (answered by an attestation) only ever says `manual`; every other check needs all three.
    const attested = check.meta.sources.includes("attestation");
    const inventory = INVENTORY_ONLY.has(check.meta.id);
    it(
      attested
        ? "has a manual case"
        : inventory
          ? "has cases for pass and unknown"
          : "has cases for pass, fail and unknown",
      () => {
        const statuses = new Set(cases.map((c) => c.status));
        const required = attested
          ? (["manual"] as const)
          : inventory
            ? (["pass", "unknown"] as const)
            : (["pass", "fail", "unknown"] as const);
        for (const status of required) expect(statuses, `no ${status} case`).toContain(status);
      },
    );
    it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
      const evidence = goodEvidence();
      testCase.edit?.(evidence);
      const thresholds = Object.fromEntries(
        Object.entries(testCase.thresholds ?? {}).map(([name, value]) => [`${check.meta.id}.${name}`, value]),
      );
      const lists = Object.fromEntries(
        Object.entries(testCase.lists ?? {}).map(([name, value]) => [`${check.meta.id}.${name}`, value]),
      );
      const result = evaluateCheck(check, evidence, { profile: "high", now: NOW, thresholds, lists });
      expect(result.status, result.message).toBe(testCase.status);
      if (testCase.message) expect(result.message).toMatch(testCase.message);
      if (testCase.resources) expect(result.resources).toEqual(expect.arrayContaining(testCase.resources));
      expect(result.message.length).toBeGreaterThan(0);
    });
  });
}
