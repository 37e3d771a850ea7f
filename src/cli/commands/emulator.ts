import { stat } from "node:fs/promises";
import { type Command, Option } from "commander";
import { ENVIRONMENT_NAMES, type EnvironmentName } from "../../emulator/environment.ts";
import { MAX_GENERATED_WORKSPACES } from "../../emulator/estate.ts";
import { parseFault } from "../../emulator/faults.ts";
import { isPersonaName, PERSONA_NAMES, type PersonaName } from "../../emulator/personas.ts";
import { type EmulatorCaller, startEmulator } from "../../emulator/server.ts";
import { EMULATOR_WAREHOUSE_ID } from "../../emulator/statement-routes.ts";
import { InputError } from "../../errors.ts";
import type { CliIo, ExitBox } from "../main.ts";

/** Workspaces named in the banner; an estate's others are only counted. */
const SHOWN_WORKSPACES = 12;

interface EmulatorFlags {
  port: string;
  persona?: string[];
  fault?: string[];
  latency: string;
  workspaces?: string;
  rateLimits?: boolean;
  tls?: boolean;
  environment: EnvironmentName;
  caller: EmulatorCaller;
  auditLogs?: string[];
}

export function registerEmulator(program: Command, io: CliIo, _exit: ExitBox): void {
  program
    .command("emulator")
    .description("serve emulated Azure Resource Manager and Databricks workspace APIs on 127.0.0.1 until interrupted")
    .option("--port <n>", "ARM port; workspaces take the next ports (0: free ports)", "8080")
    .option("--persona <name...>", `personas to serve: ${PERSONA_NAMES.join(", ")} (default: all)`)
    .option(
      "--fault <spec...>",
      'inject errors, e.g. "403 /api/2.0/workspace-conf" or "429 /api/2.1/clusters/list times=2 retry-after=1" (repeatable)',
    )
    .option("--latency <ms>", "delay every response", "0")
    .option(
      "--workspaces <n>",
      `serve N workspaces generated from the personas (adb-<persona>-<n>, varied users, clusters and jobs), 1 to ${MAX_GENERATED_WORKSPACES}`,
    )
    .option(
      "--rate-limits",
      "enforce the documented rate limits (Databricks per API family and workspace, ARM reads per subscription, Graph): 429 with Retry-After past them",
    )
    .addOption(
      new Option(
        "--environment <name>",
        "what surrounds the workspaces: secure (MFA, alerts, account IP lists) or sandbox",
      )
        .choices([...ENVIRONMENT_NAMES])
        .default("secure"),
    )
    .addOption(
      new Option(
        "--caller <who>",
        "who the token is in the workspaces: admin (workspace and metastore admin, what lakeward asks for), workspace-admin (Unity Catalog lists partial) or user (refused admin-only APIs; lists partial)",
      )
        .choices(["admin", "workspace-admin", "user"])
        .default("admin"),
    )
    .option(
      "--audit-logs <path...>",
      "serve these audit log files or directories (any format detect --logs reads) as system.access.audit to the SQL statements API (default: 6 generated days ending today)",
    )
    .option(
      "--tls",
      "serve HTTPS with a generated certificate (written next to the output as lakeward-emulator-ca.pem)",
    )
    .addHelpText(
      "after",
      `
The emulator accepts one bearer token for ARM, Graph, the account API and every workspace:
LAKEWARD_EMULATOR_TOKEN, or a built-in development token that it prints. It records requests in
memory and writes nothing to disk (but the CA file with --tls).`,
    )
    .action(async (flags: EmulatorFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_000)
        throw new InputError(`--port ${flags.port}: give a port number (0 for free ports)`);
      const latencyMs = Number(flags.latency);
      if (!Number.isFinite(latencyMs) || latencyMs < 0)
        throw new InputError(`--latency ${flags.latency}: give milliseconds`);
      const personas = (flags.persona ?? [...PERSONA_NAMES]).map((name) => {
        if (!isPersonaName(name))
          throw new InputError(`unknown persona ${name}`, `Personas: ${PERSONA_NAMES.join(", ")}.`);
        return name as PersonaName;
      });
      const faults = (flags.fault ?? []).map(parseFault);
      // Checked now: the statement engine loads the files at the first statement, too late to say so here.
      for (const path of flags.auditLogs ?? []) {
        try {
          await stat(path);
        } catch (error) {
          throw new InputError(
            `--audit-logs ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          );
        }
      }
      const workspaces = flags.workspaces === undefined ? undefined : Number(flags.workspaces);
      if (
        workspaces !== undefined &&
        !(Number.isInteger(workspaces) && workspaces >= 1 && workspaces <= MAX_GENERATED_WORKSPACES)
      )
        throw new InputError(`--workspaces ${flags.workspaces}: give a number from 1 to ${MAX_GENERATED_WORKSPACES}`);
      const emulator = await startEmulator({
        port,
        personas,
        faults,
        latencyMs,
        ...(workspaces !== undefined ? { workspaces } : {}),
        rateLimits: Boolean(flags.rateLimits),
        tls: Boolean(flags.tls),
        environment: flags.environment,
        caller: flags.caller,
        ...(flags.auditLogs?.length ? { auditLog: { path: flags.auditLogs } } : {}),
        ...(process.env.LAKEWARD_EMULATOR_TOKEN ? { token: process.env.LAKEWARD_EMULATOR_TOKEN } : {}),
      });
      // Listening before saying so: whoever starts the emulator may stop it as soon as it has read the banner.
      // `on`, not `once`: a Ctrl-C reaches this process twice when it runs under the launcher (the terminal
      // signals the process group and bin/lakeward.js passes the signal on), and the second must not kill
      // it before it has closed its servers.
      const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
      let stopped = () => {};
      const stopping = new Promise<void>((resolve) => {
        stopped = resolve;
      });
      const onSignal = () => stopped();
      for (const signal of signals) process.on(signal, onSignal);
      let caNote = "";
      if (emulator.caPem) {
        const { writeFile } = await import("node:fs/promises");
        await writeFile("lakeward-emulator-ca.pem", emulator.caPem);
        caNote = " --ca-file lakeward-emulator-ca.pem";
      }
      io.stdout.write(
        [
          `lakeward emulator on 127.0.0.1 (${emulator.environment} environment) — ARM and Graph ${emulator.armUrl}, subscription ${emulator.subscriptionId}`,
          `  account API ${emulator.accountUrl}, account ${emulator.accountId}`,
          ...emulator.workspaces
            .slice(0, SHOWN_WORKSPACES)
            .map((w) => `  ${w.persona.padEnd(12)} ${w.url}  ${w.resourceId}`),
          emulator.workspaces.length > SHOWN_WORKSPACES
            ? `  … and ${emulator.workspaces.length - SHOWN_WORKSPACES} more workspaces (ARM lists them all)`
            : "",
          faults.length ? `  faults: ${(flags.fault ?? []).join("; ")}` : "",
          flags.rateLimits ? "  rate limits: on (429 with Retry-After past the documented limits)" : "",
          flags.auditLogs?.length
            ? `  system.access.audit: ${flags.auditLogs.join(", ")} — lakeward detect --warehouse ${EMULATOR_WAREHOUSE_ID} --host ${emulator.workspaces[0]?.url ?? ""} (DATABRICKS_TOKEN as below)`
            : "",
          "",
          "Scan it from another terminal:",
          `  LAKEWARD_ARM_TOKEN=${emulator.token} DATABRICKS_TOKEN=${emulator.token} \\`,
          `    lakeward scan --subscription ${emulator.subscriptionId} --arm-endpoint ${emulator.armUrl} \\`,
          `      --account-id ${emulator.accountId} --account-host ${emulator.accountUrl} --graph --graph-endpoint ${emulator.graphUrl}${caNote}`,
          "Ctrl-C stops it.",
          "",
        ]
          .filter((line, index, lines) => line !== "" || lines[index - 1] !== "")
          .join("\n"),
      );
      await stopping;
      await emulator.close();
      for (const signal of signals) process.off(signal, onSignal);
    });
}
