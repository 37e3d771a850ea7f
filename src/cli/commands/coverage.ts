import { type Command, Option } from "commander";
import pc from "picocolors";
import { type Coverage, type CoverageRow, coverage, isCovered } from "../../catalogue/coverage.ts";
import { CIS_BENCHMARK } from "../../catalogue/guide.ts";
import { MCSB_DOMAINS, MCSB_VERSION } from "../../catalogue/mcsb.ts";
import { CHECKS } from "../../checks/registry.ts";
import { DETECTIONS } from "../../detect/detections/registry.ts";
import { InputError } from "../../errors.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { useColor } from "../terminal.ts";

/** The frameworks `coverage` lists item by item (sat has no list of its own: its ids come from the checks). */
const COVERAGE_FRAMEWORKS = ["guide", "asb", "mcsb", "cis"] as const;
type CoverageFramework = (typeof COVERAGE_FRAMEWORKS)[number];

interface CoverageFlags {
  format: "table" | "json" | "markdown";
  uncovered?: boolean;
  framework?: string[];
}

interface Section {
  framework: CoverageFramework;
  title: string;
  rows: (CoverageRow & { note?: string })[];
}

function sections(view: Coverage): Section[] {
  return [
    {
      framework: "guide",
      title: "Best-practices guide, section 5 (configuration reference)",
      rows: view.guide.map((r) => ({ ...r, note: r.tier })),
    },
    {
      framework: "asb",
      title: "Azure Security Benchmark v2 baseline for Azure Databricks",
      rows: view.asb.map((r) => ({ ...r, note: `${r.responsibility}${r.guidance ? "" : ", guidance: none"}` })),
    },
    {
      framework: "mcsb",
      title: `Microsoft cloud security benchmark v${MCSB_VERSION}`,
      rows: view.mcsb.map((r) => ({ ...r, note: `${MCSB_DOMAINS[r.domain]}${r.baseline ? "; in the baseline" : ""}` })),
    },
    {
      framework: "cis",
      title: `${CIS_BENCHMARK} §2.1 (Azure Databricks)`,
      rows: view.cis.map((r) => ({ ...r, note: `v${r.versions.join("/v")}, ${r.assessment}, ${r.level}` })),
    },
  ];
}

function cell(row: CoverageRow): string {
  const parts = [
    ...row.checks,
    ...row.attested.map((id) => `${id} (attested)`),
    ...(row.detections ?? []).map((id) => `${id} (detection)`),
  ];
  return parts.length ? parts.join(" ") : "none";
}

function table(shown: Section[], onlyUncovered: boolean, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const { title, rows } of shown) {
    const listed = onlyUncovered ? rows.filter((r) => !isCovered(r)) : rows;
    const covered = rows.filter(isCovered).length;
    lines.push(c.bold(`${title}: ${covered} of ${rows.length} covered`));
    for (const row of listed) {
      const mark = isCovered(row) ? c.green("✓") : c.red("✗");
      lines.push(
        `  ${mark} ${row.id === row.title ? row.title : `${row.id.padEnd(7)} ${row.title}`}${row.note ? c.dim(` [${row.note}]`) : ""}`,
      );
      lines.push(`      ${isCovered(row) ? c.dim(cell(row)) : c.red(cell(row))}`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

function markdown(shown: Section[]): string {
  const lines: string[] = [];
  for (const { title, rows } of shown) {
    lines.push(`## ${title}`, "", "| item | covered by |", "|---|---|");
    for (const r of rows)
      lines.push(`| ${r.id === r.title ? r.title : `${r.id} ${r.title}`} | ${cell(r).replace(/\|/g, "\\|")} |`);
    lines.push("");
  }
  return lines.join("\n");
}

function chosen(values: readonly string[] | undefined): CoverageFramework[] {
  const names = (values ?? []).flatMap((value) => value.split(",")).map((value) => value.trim().toLowerCase());
  return names.filter(Boolean).map((name) => {
    const found = COVERAGE_FRAMEWORKS.find((framework) => framework === name);
    if (!found)
      throw new InputError(
        `unknown --framework ${name}`,
        `coverage lists the items of: ${COVERAGE_FRAMEWORKS.join(", ")} (SAT ids come from the checks: \`lakeward checks list --framework sat\`).`,
      );
    return found;
  });
}

export function registerCoverage(program: Command, io: CliIo, _exit: ExitBox): void {
  program
    .command("coverage")
    .description(
      "which checks, attestations and audit-log detections cover each item of the guide, the ASB v2 baseline, the Microsoft cloud security benchmark and CIS §2.1",
    )
    .addOption(
      new Option("--format <format>", "table, json or markdown")
        .choices(["table", "json", "markdown"])
        .default("table"),
    )
    .addOption(
      new Option(
        "--framework <list>",
        `only these frameworks: ${COVERAGE_FRAMEWORKS.join(", ")} (comma-separated or repeated)`,
      ).argParser((value: string, previous: string[] = []) => [...previous, value]),
    )
    .option("--uncovered", "list only what no check covers")
    .action((flags: CoverageFlags) => {
      const frameworks = chosen(flags.framework);
      const view = coverage(CHECKS, DETECTIONS);
      const shown = sections(view).filter(
        (section) => frameworks.length === 0 || frameworks.includes(section.framework),
      );
      if (flags.format === "json") {
        const picked = Object.fromEntries(shown.map((section) => [section.framework, view[section.framework]]));
        io.stdout.write(`${JSON.stringify(picked, null, 2)}\n`);
      } else if (flags.format === "markdown") io.stdout.write(markdown(shown));
      else io.stdout.write(table(shown, Boolean(flags.uncovered), useColor(io.stdout)));
    });
}
