import { type Command, Option } from "commander";
import { type LakewardConfig, loadConfig } from "../../config/config.ts";
import { EXIT, InputError } from "../../errors.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import { makeSnapshot, readSnapshot, writeSnapshot } from "../../evidence/snapshot.ts";
import { readArmExportFile } from "../../iac/arm/export.ts";
import type { Problem } from "../../sources/problems.ts";
import { addSelectionOptions, type SelectionFlags, selectChecks, selectForProfile } from "../check-selection.ts";
import { exitCodeFor, exitReason, FAIL_ON_CHOICES, type FailOn, judge, parseProfile } from "../judge.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { progressReporter } from "../progress.ts";
import {
  addOutputOptions,
  checkReportOutputs,
  FORMAT_HELP,
  type OutputFlags,
  planOutput,
  writeReportsAndSummary,
} from "../report-output.ts";
import { reportRunProblems } from "../run-problems.ts";
import { addTargetOptions, collectTargets, type TargetFlags } from "../target-options.ts";
import { diagnostic } from "../terminal.ts";
import { wholeNumber } from "./paths.ts";

interface ScanFlags extends TargetFlags, OutputFlags, SelectionFlags {
  snapshot?: string;
  armExport?: string;
  config?: string;
  profile?: string;
  saveSnapshot?: string;
  failOn?: FailOn;
  quiet?: boolean;
  perPrincipal?: string;
}

/** The permission-graph checks whose findings carry a principal's routes (their `perPrincipal` threshold). */
const ROUTE_CHECKS = ["IAM-20", "IAM-21", "IAM-22"];

/** `--per-principal N` as the thresholds it stands for (over the config file's). */
export function withRoutesPerPrincipal(config: LakewardConfig, raw: string | undefined): LakewardConfig {
  if (raw === undefined) return config;
  const n = wholeNumber(raw, "--per-principal", 1);
  const thresholds = { ...config.thresholds };
  for (const id of ROUTE_CHECKS) thresholds[`${id}.perPrincipal`] = n;
  return { ...config, thresholds };
}

/** The targets of the config file, as flags, when the command line names none. */
function configTargets(flags: ScanFlags, config: LakewardConfig): TargetFlags[] {
  const named = flags.host || flags.subscription || flags.allSubscriptions || flags.workspaceResourceId;
  if (named || !config.targets?.length) return [flags];
  return config.targets.map((target) => ({
    ...flags,
    ...(target.host ? { host: target.host } : {}),
    ...(target.subscription ? { subscription: target.subscription } : {}),
    ...(target.allSubscriptions ? { allSubscriptions: true } : {}),
    ...(target.resourceGroup ? { resourceGroup: target.resourceGroup } : {}),
    ...(target.workspace ? { workspace: target.workspace } : {}),
    ...(target.workspaceResourceId ? { workspaceResourceId: target.workspaceResourceId } : {}),
    ...(target.accountId ? { accountId: target.accountId } : {}),
  }));
}

export function registerScan(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("scan")
    .description(
      "judge workspaces against the checks: read them live (Databricks API and Azure Resource Manager) or from a snapshot file",
    )
    .option("--snapshot <file>", "judge a snapshot written by `lakeward collect` instead of reading live")
    .option(
      "--arm-export <file>",
      "judge exported ARM JSON (az databricks workspace show, az resource show/list, Resource Graph): its ARM-side checks as a live read, the rest unknown",
    )
    .option(
      "--config <file>",
      "targets, thresholds, suppressions and attestations (default: ./lakeward.yaml when present; see docs/config.md)",
    )
    .option(
      "--profile <profile>",
      "standard (the guide's 'most deployments', the default) or high ('highly-secure deployments', adds checks)",
    )
    .option("--save-snapshot <file>", "also write the evidence read live as a snapshot")
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when a check of this severity or higher fails (suppressed failures do not count)",
      ).choices(FAIL_ON_CHOICES),
    )
    .option(
      "--per-principal <n>",
      "routes per principal the permission-path findings (IAM-20…22) carry into results and reports (default 3; 1: the shortest only)",
    )
    .option("-q, --quiet", "no progress lines, summary or notes on stderr (errors still)");
  addOutputOptions(command);
  addSelectionOptions(command);
  addTargetOptions(command);
  command.addHelpText(
    "after",
    `
Examples:
  DATABRICKS_TOKEN=… lakeward scan --host https://adb-1234.5.azuredatabricks.net
  lakeward scan --subscription SUB --profile high --format json --output results.json
  lakeward scan --all-subscriptions --format html --output-dir reports
  lakeward collect --subscription SUB --output snap.json && lakeward scan --snapshot snap.json
  lakeward scan --snapshot snap.json --format sarif,junit,html --output-dir reports --fail-on high
  az databricks workspace show -g RG -n WS > ws.json && lakeward scan --arm-export ws.json

${FORMAT_HELP}

Credentials: Databricks through DATABRICKS_TOKEN / DATABRICKS_CLIENT_ID+SECRET / ~/.databrickscfg
(or --databricks-auth azure for an Entra ID token); Azure through DefaultAzureCredential (az login,
a managed identity, AZURE_CLIENT_ID/SECRET/TENANT_ID) or LAKEWARD_ARM_TOKEN. Tokens are never
accepted on the command line, where they would end up in shell history and process lists.
Scan as a workspace admin (and metastore admin): with fewer rights, lists are partial and no check
passes on them.`,
  );
  command.action(async (flags: ScanFlags) => {
    // Every option is checked before anything is read: a mistake costs no scan.
    const now = new Date();
    const config = withRoutesPerPrincipal((await loadConfig(flags.config)).config, flags.perPrincipal);
    const profile = parseProfile(flags.profile ?? config.profile ?? "standard");
    const failOn: FailOn = flags.failOn ?? config.failOn ?? "low";
    const request = planOutput(flags, now);
    // Before anything is read: a scan of many workspaces must not end in "cannot write".
    await checkReportOutputs(request, {
      files:
        flags.saveSnapshot && !flags.snapshot && !flags.armExport
          ? [{ option: "--save-snapshot", path: flags.saveSnapshot }]
          : [],
    });
    const checks = selectForProfile(selectChecks(flags), profile, flags);
    let evidence: WorkspaceEvidence[];
    let problems: Problem[];
    let inputErrors: InputError[] = [];
    if (flags.armExport) {
      refuseTargetsWithSnapshot(flags, "--arm-export");
      const exported = await readArmExportFile(flags.armExport, now);
      evidence = onlyWorkspace(exported.evidence, flags.workspace, flags.armExport);
      inputErrors = exported.errors;
      problems = [];
    } else if (flags.snapshot) {
      refuseTargetsWithSnapshot(flags);
      const snapshot = await readSnapshot(flags.snapshot);
      evidence = onlyWorkspace(snapshot.workspaces, flags.workspace, flags.snapshot);
      problems = snapshot.problems ?? [];
    } else {
      ({ evidence, problems } = await collectTargets(
        configTargets(flags, config),
        progressReporter(io.stderr, Boolean(flags.quiet)),
      ));
      if (flags.saveSnapshot) await writeSnapshot(flags.saveSnapshot, makeSnapshot(evidence, new Date(), problems));
    }
    const document = judge(evidence, profile, now, config, problems, checks);
    await writeReportsAndSummary(document, request, io, {
      quiet: Boolean(flags.quiet),
      exitReason: exitReason(document, failOn),
    });
    exit.code = inputErrors.length ? EXIT.input : exitCodeFor(document, failOn);
    reportRunProblems(io, problems);
    // An export item of the wrong shape: named at its file and line; the other workspaces were judged.
    for (const error of inputErrors) io.stderr.write(diagnostic(io.stderr, "error", error.message, error.hint));
    for (const workspace of document.workspaces) {
      for (const problem of workspace.collection.problems.filter((p) => p.fatal)) {
        io.stderr.write(
          diagnostic(
            io.stderr,
            "error",
            `${workspace.workspace.name} (${workspace.workspace.host ?? problem.source}): ${problem.message}`,
            problem.hint,
          ),
        );
      }
    }
  });
}

/** Options that name what to read live mean nothing for a snapshot: refused rather than ignored. */
function refuseTargetsWithSnapshot(flags: ScanFlags, option: "--snapshot" | "--arm-export" = "--snapshot"): void {
  const given = [
    option === "--arm-export" && flags.snapshot ? "--snapshot" : "",
    flags.host ? "--host" : "",
    [flags.subscription ?? []].flat().length ? "--subscription" : "",
    flags.allSubscriptions ? "--all-subscriptions" : "",
    flags.resourceGroup ? "--resource-group" : "",
    flags.workspaceResourceId ? "--workspace-resource-id" : "",
    flags.saveSnapshot ? "--save-snapshot" : "",
  ].filter(Boolean);
  if (given.length)
    throw new InputError(
      `${given.join(", ")} ${given.length === 1 ? "says" : "say"} what to read${given.includes("--snapshot") ? "" : " live"}; ${option} reads nothing live`,
      `Leave it out to judge the whole ${option === "--snapshot" ? "snapshot" : "export"}, or use --workspace NAME to judge one of its workspaces.`,
    );
}

/** --workspace NAME with --snapshot or --arm-export: that workspace only; a name the file does not hold is an error. */
function onlyWorkspace(workspaces: WorkspaceEvidence[], name: string | undefined, file: string): WorkspaceEvidence[] {
  if (!name) return workspaces;
  const wanted = name.toLowerCase();
  const found = workspaces.filter((workspace) => workspace.workspace.name.toLowerCase() === wanted);
  if (!found.length)
    throw new InputError(
      `--workspace ${name}: ${file} holds no workspace of that name`,
      `It holds: ${workspaces.map((workspace) => workspace.workspace.name).join(", ") || "no workspace"}.`,
    );
  return found;
}
