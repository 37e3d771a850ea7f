/** `lakeward fix RESULTS.json --out DIR`: the Terraform that fixes what a scan found failing. */
import { join } from "node:path";
import type { Command } from "commander";
import { EXIT, InputError } from "../../errors.ts";
import { patchAgainst } from "../../fix/against.ts";
import { egressIpsFromLogs } from "../../fix/egress.ts";
import { loadResults } from "../../fix/load.ts";
import { assemble } from "../../fix/module.ts";
import { folderName, moduleFiles, writeFolder } from "../../fix/output.ts";
import { planDocument } from "../../fix/plan.ts";
import { renderReadme } from "../../fix/readme.ts";
import { documentTime } from "../../reports/shared.ts";
import { parseProfile } from "../judge.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { diagnostic } from "../terminal.ts";

interface FixFlags {
  out: string;
  workspace?: string;
  against?: string;
  auditLogs?: string[];
  profile: string;
  quiet?: boolean;
}

export function registerFix(program: Command, io: CliIo, exit: ExitBox): void {
  program
    .command("fix")
    .description("the Terraform that fixes a scan's failing checks: a module per workspace, or a patch to yours")
    .argument("<results>", "results.json of `lakeward scan --format json` (or a snapshot)")
    .requiredOption("--out <dir>", "where to write: one folder per workspace")
    .option("--workspace <name>", "only this workspace (its name or ARM resource id)")
    .option("--against <dir>", "your Terraform for the workspace: write a patch to it instead of a module")
    .option("--audit-logs <path...>", "audit logs: the addresses seen become the IP access list to allow first")
    .option("--profile <profile>", "profile to judge a snapshot at: standard or high", "high")
    .option("-q, --quiet", "no summary on stderr")
    .addHelpText(
      "after",
      `
Per workspace, DIR/<workspace>/ gets either a module (versions.tf with the azurerm and databricks
providers pinned, main.tf, variables.tf) or, with --against, lakeward.patch (a unified diff at the
resources that declare the failing settings); and README.md: what changes and why, what to do first
so nobody is locked out, and the portal/CLI steps of the checks Terraform cannot fix. Existing
resources (the workspace, its settings) are adopted with import blocks. Values come from the scan's
evidence; what lakeward cannot know is a variable with a description.

Every file is parsed with lakeward's HCL parser; terraform itself is not run: review, fill
terraform.tfvars, then terraform init && terraform plan (only the listed changes should show).

Examples:
  lakeward scan --subscription SUB --format json --output results.json
  lakeward fix results.json --out fixes/
  lakeward fix results.json --workspace adb-prod --against infra/prod --out fixes/
  lakeward fix results.json --out fixes/ --audit-logs logs/       # allow the egress IPs seen first
  git apply fixes/adb-prod/lakeward.patch && lakeward iac infra/prod --profile high

Exit codes: 0 written · 2 unreadable input, no such workspace, or nothing to fix in it`,
    )
    .action(async (resultsFile: string, flags: FixFlags) => {
      const document = await loadResults(resultsFile, parseProfile(flags.profile));
      const now = documentTime(document);
      if (
        flags.workspace &&
        !document.workspaces.some(
          (w) => w.workspace.name === flags.workspace || w.workspace.resourceId === flags.workspace,
        )
      )
        throw new InputError(
          `${resultsFile}: no workspace named ${flags.workspace}`,
          `It has: ${document.workspaces.map((w) => w.workspace.name).join(", ") || "no workspaces"}.`,
        );
      if (flags.against && !flags.workspace && document.workspaces.length > 1)
        throw new InputError(
          `--against patches one workspace's Terraform, and ${resultsFile} holds ${document.workspaces.length}`,
          "Name it with --workspace NAME.",
        );
      const egress = flags.auditLogs?.length ? await egressIpsFromLogs(flags.auditLogs) : null;
      const plans = planDocument(document, {
        now,
        ...(flags.workspace ? { workspace: flags.workspace } : {}),
        egressIps: egress,
      });
      const context = { source: resultsFile, generatedAt: document.generatedAt, profile: document.profile };
      let written = 0;
      for (const plan of plans) {
        const dir = join(flags.out, folderName(plan.workspace.name));
        if (!plan.fixes.length && !plan.manual.length) {
          if (!flags.quiet) io.stderr.write(`${plan.workspace.name}: no failing check to fix\n`);
          continue;
        }
        let files: Map<string, string>;
        if (flags.against) {
          const patched = await patchAgainst(plan, flags.against);
          if (!flags.quiet)
            for (const skipped of patched.skippedModules)
              io.stderr.write(diagnostic(io.stderr, "warning", `--against ${skipped}`));
          files = new Map();
          if (patched.patch) files.set("lakeward.patch", patched.patch);
          files.set(
            "README.md",
            renderReadme(
              plan,
              { declarations: [], unplaced: new Map() },
              {
                ...context,
                mode: "patch",
                files: patched.files,
                notPatched: patched.notPatched,
                changedAt: patched.changedAt,
                skippedModules: patched.skippedModules,
              },
            ),
          );
        } else files = await moduleFiles(plan, context);
        await writeFolder(dir, files);
        written++;
        if (!flags.quiet) {
          const terraform = plan.fixes.length;
          const unplaced = flags.against ? 0 : assemble(plan).unplaced.size;
          io.stderr.write(
            `${plan.workspace.name}: ${terraform} check(s) fixed in Terraform${unplaced ? ` (${unplaced} partly)` : ""}, ${plan.manual.length} with manual steps → ${dir}/\n`,
          );
        }
      }
      if (!written) {
        io.stderr.write(diagnostic(io.stderr, "error", "nothing to fix: no failing check in the workspaces chosen"));
        exit.code = EXIT.input;
        return;
      }
      exit.code = EXIT.ok;
    });
}
