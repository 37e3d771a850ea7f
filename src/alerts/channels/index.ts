/**
 * Channels resolved from the config: each reads its secrets from the environment once, at start, and
 * fails fast with the names of what is missing (never a value). A resolved channel knows its secrets so
 * that everything it reports can be scrubbed of them, and is named in records and logs by its config
 * name and a fingerprint of its URL (or SMTP server and recipients).
 */
import { readFileSync } from "node:fs";
import { InputError } from "../../errors.ts";
import { fingerprint } from "../../redact/fingerprint.ts";
import { type AlertsConfig, type ChannelConfig, isLoopbackHost } from "../config.ts";
import { channelAgent, postJson, type SendOutcome, urlSecrets } from "../http.ts";
import type { OutgoingMessage } from "../render.ts";
import { sendEmail } from "./email.ts";
import { slackMessage } from "./slack.ts";
import { teamsMessage } from "./teams.ts";
import { sendWebhook } from "./webhook.ts";

export interface Channel {
  name: string;
  type: ChannelConfig["type"];
  fingerprint: string;
  /** Values that must never appear in a log, record or error. */
  secrets: readonly string[];
  send(message: OutgoingMessage): Promise<SendOutcome>;
  /** Closes the connections of the set of channels this one was resolved with (all of them). */
  close(): Promise<void>;
}

export const MIN_WEBHOOK_SECRET_LENGTH = 16;

/** Reads every channel's secrets; one InputError lists every problem, naming variables, never values. */
export function resolveChannels(
  config: AlertsConfig,
  env: NodeJS.ProcessEnv = process.env,
  now: () => Date = () => new Date(),
  only?: readonly string[],
): Map<string, Channel> {
  const problems: string[] = [];
  const channels = new Map<string, Channel>();
  const { agent, secrets: proxySecrets } = channelAgent(env);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    if (!closing) closing = agent.close();
    return closing;
  };
  const read = (name: string, variable: string, what: string): string | undefined => {
    const value = env[variable];
    if (value === undefined || value === "") {
      problems.push(`channel "${name}": environment variable ${variable} (${what}) is not set`);
      return undefined;
    }
    return value;
  };
  const checkUrl = (name: string, url: string, variable: string | undefined): boolean => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      problems.push(`channel "${name}": ${variable ? `${variable} does not hold` : "url is not"} a valid URL`);
      return false;
    }
    if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && isLoopbackHost(parsed.hostname))) {
      problems.push(`channel "${name}": the webhook URL must use https (http only to a receiver on loopback)`);
      return false;
    }
    return true;
  };
  for (const [name, channel] of Object.entries(config.channels)) {
    if (only && !only.includes(name)) continue;
    const timeoutMs = channel.timeoutSeconds * 1000;
    const label = `${channel.type} channel "${name}"`;
    if (channel.type === "webhook") {
      const url = channel.url ?? (channel.urlEnv ? read(name, channel.urlEnv, "the webhook URL") : undefined);
      const secret = read(name, channel.secretEnv, "the signing secret");
      if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET_LENGTH)
        problems.push(
          `channel "${name}": the signing secret in ${channel.secretEnv} is shorter than ${MIN_WEBHOOK_SECRET_LENGTH} characters`,
        );
      if (!url || !secret || !checkUrl(name, url, channel.urlEnv)) continue;
      const secrets = [...urlSecrets(url), secret, ...proxySecrets];
      channels.set(name, {
        name,
        type: channel.type,
        fingerprint: fingerprint(url),
        secrets,
        send: (message) => sendWebhook({ url, agent, secret, timeoutMs, label, secrets }, message, now),
        close,
      });
    } else if (channel.type === "slack" || channel.type === "teams") {
      const url = read(name, channel.urlEnv, `the ${channel.type === "slack" ? "Slack" : "Teams"} webhook URL`);
      if (!url || !checkUrl(name, url, channel.urlEnv)) continue;
      const secrets = [...urlSecrets(url), ...proxySecrets];
      const render = channel.type === "slack" ? slackMessage : teamsMessage;
      channels.set(name, {
        name,
        type: channel.type,
        fingerprint: fingerprint(url),
        secrets,
        send: (message) =>
          postJson({ url, agent, body: JSON.stringify(render(message)), headers: {}, timeoutMs, secrets, label }),
        close,
      });
    } else {
      const password = channel.smtp.passwordEnv ? read(name, channel.smtp.passwordEnv, "the SMTP password") : undefined;
      if (channel.smtp.user && !channel.smtp.passwordEnv)
        problems.push(`channel "${name}": smtp.user is set but smtp.passwordEnv is not`);
      let ca: string | undefined;
      if (channel.smtp.tls?.caFile) {
        try {
          ca = readFileSync(channel.smtp.tls.caFile, "utf8");
        } catch (error) {
          problems.push(
            `channel "${name}": cannot read smtp.tls.caFile ${channel.smtp.tls.caFile} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
          );
          continue;
        }
      }
      if (channel.smtp.passwordEnv && password === undefined) continue;
      const secrets = password ? [password] : [];
      channels.set(name, {
        name,
        type: channel.type,
        fingerprint: fingerprint(`smtp://${channel.smtp.host}:${channel.smtp.port ?? ""}/${channel.to.join(",")}`),
        secrets,
        send: (message) => sendEmail({ config: channel, password, ca, label, secrets }, message),
        close,
      });
    }
  }
  if (problems.length) {
    void close();
    throw new InputError(
      `alerts: ${problems.join("; ")}`,
      "set the variables in the environment of lakeward (e.g. the systemd unit's EnvironmentFile); docs/alerts.md",
    );
  }
  return channels;
}
