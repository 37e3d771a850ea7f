import { type Command, Option } from "commander";
import pc from "picocolors";
import { type LakewardConfig, loadConfig } from "../../config/config.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import { makeSnapshot, readSnapshot, writeSnapshot } from "../../evidence/snapshot.ts";
import type { Problem } from "../../sources/problems.ts";
import { exitCodeFor, FAIL_ON_CHOICES, type FailOn, judge, parseProfile } from "../judge.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { progressReporter } from "../progress.ts";
import { FORMAT_HELP, FORMATS, parseFormats, writeReports } from "../report-output.ts";
import { reportRunProblems } from "../run-problems.ts";
import { addTargetOptions, collectTargets, type TargetFlags } from "../target-options.ts";

interface ScanFlags extends TargetFlags {
  snapshot?: string;
  config?: string;
  profile?: string;
  format?: string[];
  output?: string;
  outputDir?: string;
  full?: boolean;
  saveSnapshot?: string;
  failOn?: FailOn;
  quiet?: boolean;
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
      "--config <file>",
      "targets, thresholds, suppressions and attestations (default: ./lakeward.yaml when present; see docs/config.md)",
    )
    .option(
      "--profile <profile>",
      "standard (the guide's 'most deployments', the default) or high ('highly-secure deployments', adds checks)",
    )
    .addOption(new Option("--format <format...>", `output formats: ${FORMATS.join(", ")} (repeatable)`))
    .option("--output <file>", "write the (single) non-console format to this file")
    .option("--output-dir <dir>", "write every requested format into this directory")
    .option("--full", "list every failed check on the terminal (with several workspaces it lists the most severe)")
    .option("--save-snapshot <file>", "also write the evidence read live as a snapshot")
    .addOption(
      new Option(
        "--fail-on <severity>",
        "exit 1 when a check of this severity or higher fails (suppressed failures do not count)",
      ).choices(FAIL_ON_CHOICES),
    )
    .option("-q, --quiet", "no progress lines on stderr");
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

${FORMAT_HELP}

Credentials: Databricks through DATABRICKS_TOKEN / DATABRICKS_CLIENT_ID+SECRET / ~/.databrickscfg
(or --databricks-auth azure for an Entra ID token); Azure through DefaultAzureCredential (az login,
a managed identity, AZURE_CLIENT_ID/SECRET/TENANT_ID) or LAKEWARD_ARM_TOKEN. Tokens are never
accepted on the command line, where they would end up in shell history and process lists.
Scan as a workspace admin (and metastore admin): with fewer rights, lists are partial and no check
passes on them.`,
  );
  command.action(async (flags: ScanFlags) => {
    const { config } = await loadConfig(flags.config);
    const profile = parseProfile(flags.profile ?? config.profile ?? "standard");
    const failOn: FailOn = flags.failOn ?? config.failOn ?? "low";
    const formats = parseFormats(flags.format);
    let evidence: WorkspaceEvidence[];
    let problems: Problem[];
    if (flags.snapshot) {
      const snapshot = await readSnapshot(flags.snapshot);
      evidence = snapshot.workspaces;
      problems = snapshot.problems ?? [];
    } else {
      ({ evidence, problems } = await collectTargets(
        configTargets(flags, config),
        progressReporter(io.stderr, Boolean(flags.quiet)),
      ));
      if (flags.saveSnapshot) await writeSnapshot(flags.saveSnapshot, makeSnapshot(evidence, new Date(), problems));
    }
    const document = judge(evidence, profile, new Date(), config, problems);
    const written = await writeReports(
      document,
      {
        formats,
        ...(flags.output ? { output: flags.output } : {}),
        ...(flags.outputDir ? { outputDir: flags.outputDir } : {}),
        full: Boolean(flags.full),
      },
      io.stdout,
    );
    if (!flags.quiet) for (const file of written) io.stderr.write(pc.dim(`wrote ${file}\n`));
    exit.code = exitCodeFor(document, failOn);
    reportRunProblems(io, problems);
    for (const workspace of document.workspaces) {
      for (const problem of workspace.collection.problems.filter((p) => p.fatal)) {
        io.stderr.write(
          `lakeward: error: ${workspace.workspace.name} (${workspace.workspace.host ?? problem.source}): ${problem.message}\n${problem.hint ? `  ${problem.hint}\n` : ""}`,
        );
      }
    }
  });
}
