/** `lakeward iac PATH...`: the same checks on Terraform and ARM/Bicep, before anything is deployed. */
import { type Command, Option } from "commander";
import { loadConfig } from "../../config/config.ts";
import { EXIT, InputError } from "../../errors.ts";
import { fromJson, type Value } from "../../iac/hcl/value.ts";
import { judgeIac, scanIac } from "../../iac/scan.ts";
import { addSelectionOptions, type SelectionFlags, selectChecks, selectForProfile } from "../check-selection.ts";
import { exitCodeFor, exitReason, FAIL_ON_CHOICES, type FailOn, parseProfile } from "../judge.ts";
import type { CliIo, ExitBox } from "../main.ts";
import {
  addOutputOptions,
  checkReportOutputs,
  FORMAT_HELP,
  type OutputFlags,
  planOutput,
  writeReportsAndSummary,
} from "../report-output.ts";
import { colorsFor, diagnostic } from "../terminal.ts";

interface IacFlags extends OutputFlags, SelectionFlags {
  varFile?: string[];
  var?: string[];
  parameters?: string[];
  config?: string;
  profile?: string;
  failOn?: FailOn;
  quiet?: boolean;
}

/** `--var name=value`: JSON when it parses (numbers, bools, lists), else the string. */
function parseVars(values: readonly string[] | undefined): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const item of values ?? []) {
    const eq = item.indexOf("=");
    if (eq <= 0) throw new InputError(`--var ${item}: expected name=value`);
    const raw = item.slice(eq + 1);
    let value: Value = raw;
    try {
      value = fromJson(JSON.parse(raw));
    } catch {
      value = raw;
    }
    out.set(item.slice(0, eq), value);
  }
  return out;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerIac(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("iac")
    .argument(
      "<paths...>",
      "Terraform directories, .tf or .tf.json files, terraform show -json plans, ARM templates (.json), Bicep files",
    )
    .description(
      "judge Terraform and ARM/Bicep before deployment, with the same checks as a live scan; every result points at file and line",
    )
    .option(
      "--var-file <file>",
      "a Terraform variables file (repeatable; after terraform.tfvars and *.auto.tfvars)",
      collect,
    )
    .option("--var <name=value>", "a Terraform variable (repeatable; JSON values allowed)", collect)
    .option(
      "--parameters <file>",
      "an ARM parameters file for the templates given (repeatable; x.parameters.json beside x.json is read anyway)",
      collect,
    )
    .option("--config <file>", "thresholds, suppressions (default: ./lakeward.yaml when present; see docs/config.md)")
    .option("--profile <profile>", "standard (the default) or high")
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when a check of this severity or higher fails (suppressed failures do not count)",
      ).choices(FAIL_ON_CHOICES),
    )
    .option("-q, --quiet", "no notes, summary or progress on stderr (errors still)");
  addOutputOptions(command);
  addSelectionOptions(command);
  command
    .addHelpText(
      "after",
      `
What is read:
  Terraform   every *.tf and *.tf.json of a directory (one configuration, override files merged):
              variables with defaults, terraform.tfvars, *.auto.tfvars and --var-file/--var, locals,
              local and terraform-init-installed modules, count/for_each (resources and modules),
              references, provider versions (.terraform.lock.hcl or required_providers).
              A single .tf file is judged on its own.
  Plans       terraform show -json plan.out > plan.json: the planned values (preferred: resolved).
  ARM         templates (JSON or JSONC), parameters files, nested deployments, template functions.
  Bicep       needs the Bicep compiler: az bicep build --file main.bicep, then scan main.json.
  Exports     ARM JSON of a deployed workspace (az resource show, az graph query): judged as a
              live read of that resource; what the export does not hold is not judged.

Judgement: what the configuration does not declare takes the provider's or platform's default, and
the result says which (e.g. "not declared; azurerm ≥ 4.0 default true"); where the default depends
on a provider version the configuration does not show, the result is unknown with both readings.
What a configuration cannot declare (live tokens, admins, cluster uptime) is never a pass: such
checks are listed once as "not judged from IaC", out of the score.

Suppress inline, on or above the resource (also // in HCL and JSONC; add expires=YYYY-MM-DD):
  # lakeward:ignore NET-06 public access needed for the partner VPN
or in lakeward.yaml (suppressions: check, scope, reason).

Examples:
  lakeward iac infra/
  lakeward iac infra/ --var-file prod.tfvars --profile high --fail-on high
  terraform show -json plan.out > plan.json
  lakeward iac plan.json --format sarif --output lakeward.sarif
  lakeward iac azuredeploy.json --parameters azuredeploy.parameters.json --format junit

${FORMAT_HELP}

Exit codes: 0 clean · 1 findings at or above --fail-on · 2 a file could not be read, Terraform
would refuse it, or nothing was judged (the error names file and line; the others are still
judged) · 3 incomplete`,
    )
    .action(async (paths: string[], flags: IacFlags) => {
      const { config } = await loadConfig(flags.config);
      const profile = parseProfile(flags.profile ?? config.profile ?? "standard");
      const failOn: FailOn = flags.failOn ?? config.failOn ?? "low";
      const now = new Date();
      const request = planOutput(flags, now);
      await checkReportOutputs(request);
      const checks = selectForProfile(selectChecks(flags), profile, flags);
      const judgedScan = await scanIac(paths, {
        varFiles: flags.varFile ?? [],
        vars: parseVars(flags.var),
        parameterFiles: flags.parameters ?? [],
        now,
      }).then((scan) => ({
        ...judgeIac(scan, profile, now, config, checks),
        scan: { errors: scan.errors, notes: scan.notes },
      }));
      // Only the errors and notes of the scan are kept past judging: its texts, syntax trees and evidence
      // (most of a large scan's memory besides the results) can be collected while the reports are written.
      const { document, suppressionProblems, scan } = judgedScan;
      // A path that does not exist or holds nothing to judge: only the error, no empty report around it.
      const judgedNothing = document.workspaces.length === 0;
      // A run that judged nothing never passes a CI gate: Bicep not compiled, the workspace in a module that is
      // not installed, nothing for Azure Databricks at all (the notes say which).
      const code = scan.errors.length || judgedNothing ? EXIT.input : exitCodeFor(document, failOn);
      if (!(judgedNothing && scan.errors.length)) {
        await writeReportsAndSummary(document, request, io, {
          quiet: Boolean(flags.quiet),
          exitReason: scan.errors.length
            ? `exit ${code}: ${scan.errors.length} file${scan.errors.length === 1 ? "" : "s"} could not be read or would be refused by Terraform (listed below); the rest was judged`
            : judgedNothing
              ? `exit ${code}: nothing was judged`
              : exitReason(document, failOn),
        });
      }
      if (!flags.quiet) {
        for (const note of [...scan.notes, ...suppressionProblems])
          io.stderr.write(colorsFor(io.stderr).dim(`note: ${note}\n`));
      }
      if (judgedNothing && !scan.errors.length)
        io.stderr.write(
          diagnostic(
            io.stderr,
            "error",
            `nothing was judged: no Azure Databricks workspace found in ${paths.join(", ")}${scan.notes.length ? " (the notes above say what was not read)" : ""}`,
          ),
        );
      for (const error of scan.errors) io.stderr.write(diagnostic(io.stderr, "error", error.message, error.hint));
      exit.code = code;
    });
}
