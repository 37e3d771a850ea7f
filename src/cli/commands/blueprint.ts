/** `lakeward blueprint --profile standard|high --out DIR`: Terraform for a new workspace that passes its own scan. */
import { access } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { Option } from "commander";
import { BLUEPRINT_PROFILES, type BlueprintProfile, blueprintFiles } from "../../blueprint/blueprint.ts";
import { EXIT, InputError } from "../../errors.ts";
import { writeFolder } from "../../fix/output.ts";
import { parseHcl } from "../../iac/hcl/parse.ts";
import type { CliIo, ExitBox } from "../main.ts";

interface BlueprintFlags {
  out: string;
  profile: BlueprintProfile;
  force?: boolean;
  quiet?: boolean;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

export function registerBlueprint(program: Command, io: CliIo, exit: ExitBox): void {
  program
    .command("blueprint")
    .description("a complete Terraform configuration for a new workspace that passes lakeward's checks")
    .requiredOption("--out <dir>", "where to write the configuration")
    .addOption(
      new Option("--profile <profile>", "the profile it must pass").choices([...BLUEPRINT_PROFILES]).default("high"),
    )
    .option("--force", "overwrite files of an earlier blueprint in --out")
    .option("-q, --quiet", "no summary on stderr")
    .addHelpText(
      "after",
      `
Writes versions.tf (azurerm and databricks pinned), network.tf, workspace.tf, databricks.tf,
variables.tf, terraform.tfvars.example and README.md: VNet injection with an NSG, no public IPs,
back-end Private Link, the DBFS storage firewall with an access connector, diagnostic settings,
IP access lists, workspace-conf hardening, token limits, legacy features off, a bounded cluster
policy, Unity Catalog, tags and locks; --profile high adds front-end Private Link with public
access off, customer-managed keys, egress through your firewall, the compliance security profile
and activity-log alerts. \`lakeward iac DIR --profile P\` judges it with no failure (tested).

Examples:
  lakeward blueprint --profile high --out infra/adb-prod
  cp infra/adb-prod/terraform.tfvars.example infra/adb-prod/terraform.tfvars   # then edit it
  lakeward iac infra/adb-prod --profile high

Exit codes: 0 written · 2 files already there (use --force)`,
    )
    .action(async (flags: BlueprintFlags) => {
      const files = blueprintFiles(flags.profile);
      for (const [name, text] of files) if (name.endsWith(".tf")) await parseHcl(name, text);
      if (!flags.force) {
        const there = [];
        for (const name of files.keys()) if (await exists(join(flags.out, name))) there.push(name);
        if (there.length)
          throw new InputError(
            `${flags.out}: ${there.join(", ")} already there`,
            "Write to an empty folder, or pass --force to overwrite them.",
          );
      }
      await writeFolder(flags.out, files);
      if (!flags.quiet)
        io.stderr.write(
          `blueprint (${flags.profile}) → ${flags.out}/: ${[...files.keys()].join(", ")}\nnext: copy terraform.tfvars.example to terraform.tfvars, fill it, then lakeward iac ${flags.out} --profile ${flags.profile}\n`,
        );
      exit.code = EXIT.ok;
    });
}
