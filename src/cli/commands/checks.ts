import { type Command, Option } from "commander";
import { ASB_CONTROLS } from "../../catalogue/asb.ts";
import { CHECK_READS } from "../../catalogue/check-reads.ts";
import { cisReferences } from "../../catalogue/guide.ts";
import { MCSB_VERSION } from "../../catalogue/mcsb.ts";
import { describeReads } from "../../catalogue/permissions.ts";
import { findCheck } from "../../checks/registry.ts";
import { CATEGORIES, type Check, THREATS } from "../../checks/types.ts";
import { detectionById } from "../../detect/detections/registry.ts";
import type { Detection } from "../../detect/detections/types.ts";
import { InputError } from "../../errors.ts";
import { addSelectionOptions, type SelectionFlags, selectChecks } from "../check-selection.ts";
import type { CliIo, ExitBox } from "../main.ts";

interface ListFlags extends SelectionFlags {
  profile?: string;
  control?: string;
  format: "table" | "json";
}

/** The checks `checks list` shows: the selection options, then --profile and --control (an ASB control id). */
function listed(flags: ListFlags): Check[] {
  if (flags.control && !ASB_CONTROLS.some((control) => control.id.toLowerCase() === flags.control!.toLowerCase()))
    throw new InputError(
      `unknown --control ${flags.control}`,
      "Give an Azure Security Benchmark v2 control id such as NS-3; `lakeward coverage` lists them.",
    );
  const selected = selectChecks(flags).filter(
    (check) =>
      (flags.profile !== "standard" || check.meta.profile === "standard") &&
      (!flags.control || check.meta.controls.some((control) => control.toLowerCase() === flags.control!.toLowerCase())),
  );
  if (!selected.length)
    throw new InputError("no check matches these options", "`lakeward checks list` without options lists every check.");
  return selected;
}

export function explainCheck(check: Check): string {
  const { meta } = check;
  const lines = [
    `${meta.id}  ${meta.title}`,
    "",
    `severity ${meta.severity} · profile ${meta.profile} · category ${CATEGORIES[meta.category]}`,
    `threats: ${meta.threats.length ? meta.threats.map((t) => `${t} (${THREATS[t]})`).join(", ") : "none of the five (patch hygiene)"}`,
    `controls (ASB v2): ${meta.controls.join(", ")} · MCSB v${MCSB_VERSION}: ${meta.mcsb.join(", ") || "none"}${meta.sat?.length ? ` · SAT ${meta.sat.join(", ")}` : ""}`,
    ...cisReferences(meta.cis).map((reference) => `CIS: ${reference}`),
    meta.guide.length
      ? `guide: ${meta.guide.map((title) => `"${title}"`).join(", ")}`
      : "guide: a prerequisite the guide assumes throughout",
    "",
    "Why it matters",
    `  ${meta.rationale}`,
    "",
    "Fix in the portal / UI",
    `  ${meta.remediation.ui}`,
    "",
    "Fix in Terraform",
    ...meta.remediation.terraform.split("\n").map((line) => `  ${line}`),
  ];
  lines.push(
    "",
    "Reads (and the permission each needs; see docs/permissions.md)",
    ...describeReads(CHECK_READS[meta.id]),
  );
  if (meta.thresholds) {
    lines.push("", "Thresholds");
    for (const [name, spec] of Object.entries(meta.thresholds))
      lines.push(`  ${name} = ${spec.default} ${spec.unit}: ${spec.description}`);
  }
  return `${lines.join("\n")}\n`;
}

/** A detection (DET-*), for `checks explain`: what it finds in audit logs and how to run it. */
export function explainDetection(detection: Detection): string {
  const { meta } = detection;
  const lines = [
    `${meta.id}  ${meta.title}`,
    "",
    `an audit-log detection, not a posture check: \`lakeward detect --logs DIR\` (or --warehouse ID) runs it`,
    `severity ${meta.severity} · threats: ${meta.threats.map((t) => `${t} (${THREATS[t]})`).join(", ") || "none"} · controls (ASB v2): ${meta.controls.join(", ")}`,
    "",
    "Why it matters",
    `  ${meta.rationale}`,
    "",
    "What it looks for",
    `  ${meta.logic}`,
    "",
    "When it fires",
    `  ${meta.response}`,
  ];
  const thresholds = Object.entries(meta.thresholds);
  if (thresholds.length) {
    lines.push("", "Thresholds (--threshold ID.name=value)");
    for (const [name, spec] of thresholds) lines.push(`  ${name} = ${spec.default} ${spec.unit}: ${spec.description}`);
  }
  lines.push("", "See docs/detections.md.");
  return `${lines.join("\n")}\n`;
}

export function registerChecks(program: Command, io: CliIo, _exit: ExitBox): void {
  const checks = program.command("checks").description("the catalogue of checks: list them, or explain one");
  const list = checks
    .command("list")
    .description("list the checks (all profiles unless filtered)")
    .addOption(new Option("--profile <profile>", "only the checks of this profile").choices(["standard", "high"]))
    .option("--control <id>", "only checks that evidence this ASB control, e.g. NS-3 (as --framework asb:NS-3)")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]).default("table"))
    .action((flags: ListFlags) => {
      const selected = listed(flags);
      if (flags.format === "json") {
        io.stdout.write(
          `${JSON.stringify(
            selected.map((check) => check.meta),
            null,
            2,
          )}\n`,
        );
        return;
      }
      for (const { meta } of selected) {
        io.stdout.write(`${meta.id.padEnd(9)}${meta.severity.padEnd(9)}${meta.profile.padEnd(10)}${meta.title}\n`);
      }
      io.stdout.write(`${selected.length} check${selected.length === 1 ? "" : "s"}\n`);
    });
  addSelectionOptions(list);
  checks
    .command("explain")
    .description("why a check matters and how to fix it (portal steps and Terraform)")
    .argument("<id>", "check id, e.g. NET-03")
    .action((id: string) => {
      const check = findCheck(id);
      if (check) return void io.stdout.write(explainCheck(check));
      // The audit-log detections share the catalogue's ids style; explain them rather than say "no check".
      const detection = detectionById(id);
      if (detection) return void io.stdout.write(explainDetection(detection));
      throw new InputError(
        `no check ${id}`,
        "`lakeward checks list` shows every check; `lakeward detect --list` the audit-log detections (DET-*).",
      );
    });
}
