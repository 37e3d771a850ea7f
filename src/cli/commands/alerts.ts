import type { Command } from "commander";
import pc from "picocolors";
import { loadConfig } from "../../config/config.ts";
import { EXIT, InputError } from "../../errors.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { useColor } from "../terminal.ts";

interface TestFlags {
  config?: string;
  channel?: string[];
}

export function registerAlerts(program: Command, io: CliIo, exit: ExitBox): void {
  const alerts = program
    .command("alerts")
    .description("the alert channels of lakeward.yaml (webhook, Slack, Teams, e-mail) that `serve` sends to");
  alerts
    .command("test")
    .description("send a test alert to each channel of lakeward.yaml's alerts: section and say what happened")
    .option("--config <file>", "the config file", "lakeward.yaml")
    .option("--channel <name...>", "only these channels")
    .addHelpText(
      "after",
      `
Each channel gets one message marked as a test, sent once with the channel's timeout (no retries).
Secrets come from the environment variables the config names (urlEnv, secretEnv, passwordEnv).
Exit 0 when every channel accepted it, 3 when one did not (the line says why), 2 for a config error.

Examples:
  lakeward alerts test --config lakeward.yaml
  lakeward alerts test --channel sec-slack     (LAKEWARD_SLACK_URL=https://hooks.slack.com/… set)`,
    )
    .action(async (flags: TestFlags) => {
      const { config, file } = await loadConfig(flags.config);
      if (!config.alerts)
        throw new InputError(
          `${file ?? flags.config}: no alerts: section, so there is no channel to test`,
          "docs/alerts.md shows how to configure channels and routes",
        );
      const unknown = (flags.channel ?? []).filter((name) => !(name in config.alerts!.channels));
      if (unknown.length)
        throw new InputError(
          `no channel ${unknown.map((n) => `"${n}"`).join(", ")} in ${file}`,
          `the channels are: ${Object.keys(config.alerts.channels).join(", ")}`,
        );
      // Loaded here, not at start: the mail and HTTP clients are only needed by this command.
      const { resolveChannels } = await import("../../alerts/channels/index.ts");
      const { sendTestAlerts } = await import("../../alerts/test-alert.ts");
      const chosen = [...resolveChannels(config.alerts, process.env, undefined, flags.channel).values()];
      const c = pc.createColors(useColor(io.stdout));
      io.stderr.write(`sending a test alert to ${chosen.length} channel${chosen.length === 1 ? "" : "s"}…\n`);
      const outcomes = await sendTestAlerts(chosen).finally(() => chosen[0]?.close());
      for (const o of outcomes) {
        const head = `${o.channel} (${o.type}, ${o.fingerprint})`;
        io.stdout.write(
          o.ok
            ? `${c.green("✓")} ${head}: accepted in ${o.durationMs} ms\n`
            : `${c.red("✗")} ${head}: ${o.error ?? "failed"}\n`,
        );
      }
      const failed = outcomes.filter((o) => !o.ok).length;
      if (failed) io.stdout.write(`${failed} of ${outcomes.length} channels did not accept the test alert\n`);
      exit.code = failed ? EXIT.incomplete : EXIT.ok;
    });
}
