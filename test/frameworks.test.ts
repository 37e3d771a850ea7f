/**
 * Framework mappings (issue 17 item 3): every check maps to the Microsoft cloud security benchmark v1 beside
 * ASB v2, CIS items carry the benchmark's name and version, and `--framework` filters `checks list` and
 * `coverage`.
 */
import { describe, expect, it } from "vitest";
import { coverage, isCovered } from "../src/catalogue/coverage.ts";
import { CIS_ITEMS, cisReferences } from "../src/catalogue/guide.ts";
import { MCSB_CONTROLS, MCSB_DOMAINS } from "../src/catalogue/mcsb.ts";
import { CHECKS } from "../src/checks/registry.ts";
import { runCli } from "./support/cli.ts";

const MCSB_IDS = MCSB_CONTROLS.map((control) => control.id);

describe("the Microsoft cloud security benchmark v1", () => {
  it("lists each control once, in its domain", () => {
    expect(new Set(MCSB_IDS).size).toBe(MCSB_IDS.length);
    for (const control of MCSB_CONTROLS) {
      expect(control.id.startsWith(`${control.domain}-`), control.id).toBe(true);
      expect(Object.keys(MCSB_DOMAINS)).toContain(control.domain);
    }
    // The domains' control counts as Microsoft publishes them (NS-1..10, IM-1..9, PA-1..8, DP-1..8, …).
    const counts = Object.fromEntries(
      Object.keys(MCSB_DOMAINS).map((domain) => [domain, MCSB_CONTROLS.filter((c) => c.domain === domain).length]),
    );
    expect(counts).toEqual({ NS: 10, IM: 9, PA: 8, DP: 8, AM: 5, LT: 7, IR: 7, PV: 7, ES: 3, BR: 4, DS: 7, GS: 10 });
  });

  it.each(CHECKS.map((check) => [check.meta.id, check.meta.mcsb] as const))(
    "%s maps to known MCSB controls",
    (_id, mcsb) => {
      expect(mcsb.length).toBeGreaterThan(0);
      for (const id of mcsb) expect(MCSB_IDS).toContain(id);
      expect(new Set(mcsb).size).toBe(mcsb.length);
    },
  );

  it("names the CIS benchmark and its versions for every CIS item a check cites", () => {
    const cited = [...new Set(CHECKS.flatMap((check) => check.meta.cis ?? []))];
    for (const id of cited) expect(CIS_ITEMS.map((item) => item.id)).toContain(id);
    expect(cisReferences(["2.1.6"])).toEqual(["CIS Microsoft Azure Foundations Benchmark v5.0.0/v6.0.0 §2.1.6"]);
    expect(cisReferences(["2.1.12"])).toEqual(["CIS Microsoft Azure Foundations Benchmark v6.0.0 §2.1.12"]);
  });
});

describe("--framework mcsb", () => {
  it("coverage --framework mcsb prints every MCSB control with its checks or 'none'", async () => {
    const run = await runCli(["coverage", "--framework", "mcsb"]);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toMatch(/Azure Security Benchmark v2|CIS Microsoft/);
    const view = coverage(CHECKS).mcsb;
    for (const row of view) {
      const at = run.stdout.indexOf(`${row.id.padEnd(7)} ${row.title}`);
      expect(at, row.id).toBeGreaterThan(-1);
      const cell = run.stdout.slice(at).split("\n")[1]!.trim();
      if (isCovered(row)) for (const id of row.checks) expect(cell.split(" ")).toContain(id);
      else expect(cell).toBe("none");
    }
    const ns2 = view.find((row) => row.id === "NS-2")!;
    expect([...ns2.checks, ...ns2.attested].sort()).toEqual(
      CHECKS.filter((check) => check.meta.mcsb.includes("NS-2"))
        .map((check) => check.meta.id)
        .sort(),
    );
    expect(ns2.checks.length).toBeGreaterThan(3);
    expect(
      view.some((row) => !isCovered(row)),
      "some MCSB controls have no check",
    ).toBe(true);
  });

  it("coverage --framework mcsb --format json has only the MCSB rows; an unknown framework is an error", async () => {
    const run = await runCli(["coverage", "--framework", "mcsb", "--format", "json"]);
    const json = JSON.parse(run.stdout) as Record<string, { id: string }[]>;
    expect(Object.keys(json)).toEqual(["mcsb"]);
    expect(json.mcsb!.map((row) => row.id)).toEqual(MCSB_IDS);
    const wrong = await runCli(["coverage", "--framework", "pci"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/unknown --framework pci/);
  });

  it("checks list --framework mcsb:IM-8 lists the checks of that control, with mcsb in the JSON", async () => {
    const run = await runCli(["checks", "list", "--framework", "mcsb:im-8", "--format", "json"]);
    expect(run.code).toBe(0);
    const listed = JSON.parse(run.stdout) as { id: string; mcsb: string[] }[];
    expect(listed.map((c) => c.id)).toEqual(
      CHECKS.filter((check) => check.meta.mcsb.includes("IM-8")).map((check) => check.meta.id),
    );
    expect(listed.length).toBeGreaterThan(0);
    const wrong = await runCli(["checks", "list", "--framework", "mcsb:NS-99"]);
    expect(wrong.code).toBe(2);
  });
});
