import { type Command, Option } from "commander";
import { CHECKS, findCheck } from "../../checks/registry.ts";
import { CATEGORIES, type Check, THREATS } from "../../checks/types.ts";
import { InputError } from "../../errors.ts";
import type { CliIo, ExitBox } from "../main.ts";

interface ListFlags {
  profile?: string;
  threat?: string;
  control?: string;
  format: "table" | "json";
}

function matches(check: Check, flags: ListFlags): boolean {
  const { meta } = check;
  if (flags.profile === "standard" && meta.profile !== "standard") return false;
  if (flags.threat && !meta.threats.includes(flags.threat.toUpperCase() as keyof typeof THREATS)) return false;
  if (flags.control && !meta.controls.some((control) => control.toLowerCase() === flags.control!.toLowerCase()))
    return false;
  return true;
}

export function explainCheck(check: Check): string {
  const { meta } = check;
  const lines = [
    `${meta.id}  ${meta.title}`,
    "",
    `severity ${meta.severity} · profile ${meta.profile} · category ${CATEGORIES[meta.category]}`,
    `threats: ${meta.threats.length ? meta.threats.map((t) => `${t} (${THREATS[t]})`).join(", ") : "none of the five (patch hygiene)"}`,
    `controls (ASB v2): ${meta.controls.join(", ")}${meta.cis?.length ? ` · CIS Azure §${meta.cis.join(", §")}` : ""}${meta.sat?.length ? ` · SAT ${meta.sat.join(", ")}` : ""}`,
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
  if (meta.thresholds) {
    lines.push("", "Thresholds");
    for (const [name, spec] of Object.entries(meta.thresholds))
      lines.push(`  ${name} = ${spec.default} ${spec.unit}: ${spec.description}`);
  }
  return `${lines.join("\n")}\n`;
}

export function registerChecks(program: Command, io: CliIo, _exit: ExitBox): void {
  const checks = program.command("checks").description("the catalogue of checks: list them, or explain one");
  checks
    .command("list")
    .description("list the checks (all profiles unless filtered)")
    .addOption(new Option("--profile <profile>", "only the checks of this profile").choices(["standard", "high"]))
    .option("--threat <id>", `only checks that mitigate this threat: ${Object.keys(THREATS).join(", ")}`)
    .option("--control <id>", "only checks that evidence this ASB control, e.g. NS-3")
    .addOption(new Option("--format <format>", "table or json").choices(["table", "json"]).default("table"))
    .action((flags: ListFlags) => {
      const selected = CHECKS.filter((check) => matches(check, flags));
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
      io.stdout.write(`${selected.length} checks\n`);
    });
  checks
    .command("explain")
    .description("why a check matters and how to fix it (portal steps and Terraform)")
    .argument("<id>", "check id, e.g. NET-03")
    .action((id: string) => {
      const check = findCheck(id);
      if (!check) throw new InputError(`no check ${id}`, "`lakeward checks list` shows them all.");
      io.stdout.write(explainCheck(check));
    });
}
