import { type Command, Option } from "commander";
import pc from "picocolors";
import { type Coverage, type CoverageRow, coverage, isCovered } from "../../catalogue/coverage.ts";
import { CHECKS } from "../../checks/registry.ts";
import { DETECTIONS } from "../../detect/detections/registry.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { useColor } from "../terminal.ts";

interface CoverageFlags {
  format: "table" | "json" | "markdown";
  uncovered?: boolean;
}

function cell(row: CoverageRow): string {
  const parts = [
    ...row.checks,
    ...row.attested.map((id) => `${id} (attested)`),
    ...(row.detections ?? []).map((id) => `${id} (detection)`),
  ];
  return parts.length ? parts.join(" ") : "— not covered";
}

function table(view: Coverage, onlyUncovered: boolean, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  const section = (title: string, rows: (CoverageRow & { note?: string })[]) => {
    const shown = onlyUncovered ? rows.filter((r) => !isCovered(r)) : rows;
    const covered = rows.filter(isCovered).length;
    lines.push(c.bold(`${title}: ${covered} of ${rows.length} covered`));
    for (const row of shown) {
      const mark = isCovered(row) ? c.green("✓") : c.red("✗");
      lines.push(
        `  ${mark} ${row.id === row.title ? row.title : `${row.id.padEnd(7)} ${row.title}`}${row.note ? c.dim(` [${row.note}]`) : ""}`,
      );
      lines.push(`      ${isCovered(row) ? c.dim(cell(row)) : c.red(cell(row))}`);
    }
    lines.push("");
  };
  section(
    "Best-practices guide, section 5 (configuration reference)",
    view.guide.map((r) => ({ ...r, note: r.tier })),
  );
  section(
    "Azure Security Benchmark v2 baseline for Azure Databricks",
    view.asb.map((r) => ({ ...r, note: `${r.responsibility}${r.guidance ? "" : ", guidance: none"}` })),
  );
  section("CIS Microsoft Azure Foundations §2.1 (Azure Databricks)", view.cis);
  return `${lines.join("\n")}\n`;
}

function markdown(view: Coverage): string {
  const rows = (items: CoverageRow[]) =>
    items
      .map((r) => `| ${r.id === r.title ? r.title : `${r.id} ${r.title}`} | ${cell(r).replace(/\|/g, "\\|")} |`)
      .join("\n");
  return [
    "## Guide, section 5",
    "| recommendation | covered by |",
    "|---|---|",
    rows(view.guide),
    "",
    "## ASB v2 baseline",
    "| control | covered by |",
    "|---|---|",
    rows(view.asb),
    "",
    "## CIS §2.1",
    "| item | covered by |",
    "|---|---|",
    rows(view.cis),
    "",
  ].join("\n");
}

export function registerCoverage(program: Command, io: CliIo, _exit: ExitBox): void {
  program
    .command("coverage")
    .description(
      "which checks, attestations and audit-log detections cover each recommendation of the guide, each ASB v2 control of the baseline and each CIS §2.1 item",
    )
    .addOption(
      new Option("--format <format>", "table, json or markdown")
        .choices(["table", "json", "markdown"])
        .default("table"),
    )
    .option("--uncovered", "list only what no check covers")
    .action((flags: CoverageFlags) => {
      const view = coverage(CHECKS, DETECTIONS);
      if (flags.format === "json") io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      else if (flags.format === "markdown") io.stdout.write(markdown(view));
      else io.stdout.write(table(view, Boolean(flags.uncovered), useColor(io.stdout)));
    });
}
