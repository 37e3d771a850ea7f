/**
 * Which checks a run judges, chosen as Prowler and Checkov users expect: `--checks` and `--skip-checks`
 * (ids, comma-separated or repeated, `NET-*` globs), `--severity`, `--category`, `--threat` and
 * `--framework` (asb, mcsb, cis, sat or guide, optionally one item: `asb:NS-3`, `mcsb:NS-2`, `cis:2.1.5`). The same options on
 * `scan`, `iac` and `checks list`. Every filter narrows the selection; a value lakeward does not know is an
 * error naming the values it does, never a silent "0 checks".
 */
import { type Command, Option } from "commander";
import { ASB_CONTROLS } from "../catalogue/asb.ts";
import { CIS_ITEMS } from "../catalogue/guide.ts";
import { MCSB_CONTROLS } from "../catalogue/mcsb.ts";
import { CHECKS } from "../checks/registry.ts";
import {
  CATEGORIES,
  type Category,
  type Check,
  type Profile,
  SEVERITIES,
  THREATS,
  type Threat,
} from "../checks/types.ts";
import { InputError } from "../errors.ts";

export interface SelectionFlags {
  checks?: string[];
  skipChecks?: string[];
  severity?: string[];
  category?: string[];
  threat?: string[];
  framework?: string[];
}

export const FRAMEWORKS = {
  asb: "Azure Security Benchmark v2 baseline (item: a control, e.g. asb:NS-3)",
  mcsb: "Microsoft cloud security benchmark v1 (item: a control, e.g. mcsb:NS-2)",
  cis: "CIS Microsoft Azure Foundations Benchmark §2.1 (item: e.g. cis:2.1.5)",
  sat: "Databricks Security Analysis Tool (item: a SAT check id)",
  guide: "Databricks security best practices guide (checks that implement one of its sections)",
} as const;
export type Framework = keyof typeof FRAMEWORKS;

const repeatable = (value: string, previous: string[] = []) => [...previous, value];

/** The selection options, for a command that judges or lists checks. */
export function addSelectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "--checks <ids>",
        "only these checks: ids or globs, comma-separated or repeated (NET-03,IAM-*)",
      ).argParser(repeatable),
    )
    .addOption(
      new Option("--skip-checks <ids>", "leave these checks out (ids or globs, as --checks)").argParser(repeatable),
    )
    .addOption(
      new Option("--severity <list>", `only checks of these severities: ${SEVERITIES.join(", ")}`).argParser(
        repeatable,
      ),
    )
    .addOption(
      new Option(
        "--category <list>",
        `only checks of these categories: ${Object.keys(CATEGORIES).join(", ")}`,
      ).argParser(repeatable),
    )
    .addOption(
      new Option(
        "--threat <list>",
        `only checks that mitigate these threats: ${Object.keys(THREATS).join(", ")}`,
      ).argParser(repeatable),
    )
    .addOption(
      new Option(
        "--framework <list>",
        `only checks that map to a framework: ${Object.keys(FRAMEWORKS).join(", ")} (or one item: mcsb:NS-2, cis:2.1.5)`,
      ).argParser(repeatable),
    );
}

const split = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean);

/** `NET-*` style globs (only `*`), case-insensitive, as a test on check ids. */
function idMatcher(pattern: string): (id: string) => boolean {
  const escaped = pattern.toUpperCase().replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  const regex = new RegExp(`^${escaped.replace(/\*/g, ".*")}$`);
  return (id) => regex.test(id.toUpperCase());
}

function idsOption(option: string, values: string[], catalogue: readonly Check[]): (check: Check) => boolean {
  const matchers = values.map((value) => {
    const matches = idMatcher(value);
    if (!catalogue.some((check) => matches(check.meta.id)))
      throw new InputError(
        `${option} ${value}: no check ${value.includes("*") ? "matches it" : "has this id"}`,
        "`lakeward checks list` shows every check id.",
      );
    return matches;
  });
  return (check) => matchers.some((matches) => matches(check.meta.id));
}

function oneOf<T extends string>(option: string, values: string[], allowed: readonly T[]): T[] {
  return values.map((value) => {
    const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (!found) throw new InputError(`unknown ${option} ${value}`, `Give one or more of: ${allowed.join(", ")}.`);
    return found;
  });
}

/** The items of a framework a check maps to (ASB v2 controls, MCSB controls, CIS items, SAT ids, guide sections). */
export function frameworkItems(check: Check, framework: Framework): readonly string[] {
  switch (framework) {
    case "asb":
      return check.meta.controls;
    case "mcsb":
      return check.meta.mcsb;
    case "cis":
      return check.meta.cis ?? [];
    case "sat":
      return check.meta.sat ?? [];
    case "guide":
      return check.meta.guide;
  }
}

function frameworkTest(value: string): (check: Check) => boolean {
  const colon = value.indexOf(":");
  const name = (colon < 0 ? value : value.slice(0, colon)).toLowerCase();
  const item = colon < 0 ? "" : value.slice(colon + 1).trim();
  if (!(name in FRAMEWORKS))
    throw new InputError(`unknown --framework ${value}`, `Frameworks: ${Object.keys(FRAMEWORKS).join(", ")}.`);
  const framework = name as Framework;
  const itemsOf = (check: Check) => frameworkItems(check, framework);
  if (!item) return (check) => itemsOf(check).length > 0;
  const known: readonly string[] =
    framework === "asb"
      ? ASB_CONTROLS.map((control) => control.id)
      : framework === "mcsb"
        ? MCSB_CONTROLS.map((control) => control.id)
        : framework === "cis"
          ? CIS_ITEMS.map((cis) => cis.id)
          : [...new Set(CHECKS.flatMap(itemsOf))];
  const found = known.find((candidate) => candidate.toLowerCase() === item.toLowerCase());
  if (!found)
    throw new InputError(
      `--framework ${value}: ${framework} has no item ${item}`,
      "`lakeward coverage` lists every item of each framework with its checks.",
    );
  return (check) => itemsOf(check).includes(found);
}

/** True when no selection option was given (the run judges every check of its profile). */
export function selectsAll(flags: SelectionFlags): boolean {
  return [flags.checks, flags.skipChecks, flags.severity, flags.category, flags.threat, flags.framework].every(
    (values) => split(values).length === 0,
  );
}

/**
 * The checks of `catalogue` the options select, in catalogue order. Throws an InputError for a value
 * lakeward does not know, and when the options together leave no check (a run that judges nothing).
 */
export function selectChecks(flags: SelectionFlags, catalogue: readonly Check[] = CHECKS): Check[] {
  const tests: ((check: Check) => boolean)[] = [];
  const only = split(flags.checks);
  if (only.length) tests.push(idsOption("--checks", only, catalogue));
  const skip = split(flags.skipChecks);
  if (skip.length) {
    const skipped = idsOption("--skip-checks", skip, catalogue);
    tests.push((check) => !skipped(check));
  }
  const severities = oneOf("--severity", split(flags.severity), SEVERITIES);
  if (severities.length) tests.push((check) => severities.includes(check.meta.severity));
  const categories = oneOf("--category", split(flags.category), Object.keys(CATEGORIES) as Category[]);
  if (categories.length) tests.push((check) => categories.includes(check.meta.category));
  const threats = oneOf("--threat", split(flags.threat), Object.keys(THREATS) as Threat[]);
  if (threats.length) tests.push((check) => check.meta.threats.some((threat) => threats.includes(threat)));
  const frameworks = split(flags.framework).map(frameworkTest);
  if (frameworks.length) tests.push((check) => frameworks.some((test) => test(check)));
  const selected = catalogue.filter((check) => tests.every((test) => test(check)));
  if (selected.length === 0)
    throw new InputError(
      "the check selection leaves no check to judge",
      "Widen --checks/--severity/--category/--threat/--framework or narrow --skip-checks; `lakeward checks list` with the same options shows what they select.",
    );
  return selected;
}

/**
 * The selected checks a profile runs. A check named by id (not by a glob) that the profile leaves out is an
 * error saying which profile has it, rather than a run that silently skips what was asked for.
 */
export function selectForProfile(selected: readonly Check[], profile: Profile, flags: SelectionFlags): Check[] {
  const kept = selected.filter((check) => profile === "high" || check.meta.profile === "standard");
  const named = split(flags.checks).filter((value) => !value.includes("*"));
  const dropped = selected.filter(
    (check) => !kept.includes(check) && named.some((id) => id.toUpperCase() === check.meta.id),
  );
  if (dropped.length || kept.length === 0)
    throw new InputError(
      `${(dropped.length ? dropped : selected).map((check) => check.meta.id).join(", ")}: ${dropped.length === 1 || (!dropped.length && selected.length === 1) ? "a check" : "checks"} of the high profile, not judged at --profile ${profile}`,
      "Add --profile high to judge them.",
    );
  return kept;
}
