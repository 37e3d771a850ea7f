/**
 * lakeward.yaml's alerts: section end to end: its errors name file, line and key (never a secret value),
 * and `lakeward alerts test` reaches a real receiver of each channel type on loopback.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config/config.ts";
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from "./support/alert-receivers.ts";
import { runCli } from "./support/cli.ts";

const SECRET = "canary-cli-webhook-secret-0a1b2c";
const PASSWORD = "canary-cli-smtp-password-3d4e";
const SLACK_PATH = "/services/T0CLI/B0CLI/canaryCliSlackToken";
const TEAMS_PATH = "/workflows/abc/triggers/manual/paths/invoke?sig=canaryCliTeamsSig";

let dir: string;
let http: HttpReceiver;
let smtp: SmtpReceiver;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-alerts-"));
  http = await startHttpReceiver((_n, request) =>
    request.path === "/broken" ? { status: 500, body: `oops ${SECRET}` } : { status: 200, body: "ok" },
  );
  smtp = await startSmtpReceiver({ user: "lakeward", password: PASSWORD });
  await writeFile(join(dir, "ca.pem"), smtp.cert);
});
afterAll(async () => {
  await http?.close();
  await smtp?.close();
});

const config = (extra = "") => `alerts:
  channels:
    siem:
      type: webhook
      url: ${http.url("/siem")}
      secretEnv: T_HOOK_SECRET
    slack:
      type: slack
      urlEnv: T_SLACK_URL
    teams:
      type: teams
      urlEnv: T_TEAMS_URL
    mail:
      type: email
      smtp:
        host: 127.0.0.1
        port: ${smtp.port}
        user: lakeward
        passwordEnv: T_SMTP_PASSWORD
        tls:
          caFile: ${join(dir, "ca.pem")}
          servername: localhost
      from: lakeward@example.com
      to: [secops@example.com]
${extra}  routes:
    - name: everything
      channels: [siem, slack, teams, mail]
`;

const env: Record<string, string | undefined> = {
  // The receivers are on loopback: a proxy from the machine's environment must not be in the way.
  HTTP_PROXY: undefined,
  HTTPS_PROXY: undefined,
  http_proxy: undefined,
  https_proxy: undefined,
  T_HOOK_SECRET: SECRET,
  T_SLACK_URL: "",
  T_TEAMS_URL: "",
  T_SMTP_PASSWORD: PASSWORD,
};

describe("lakeward alerts test", () => {
  it("sends one test alert to each channel and exits 0", async () => {
    const file = join(dir, "lakeward.yaml");
    await writeFile(file, config());
    const run = await runCli(["alerts", "test", "--config", file], {
      ...env,
      T_SLACK_URL: http.url(SLACK_PATH),
      T_TEAMS_URL: http.url(TEAMS_PATH),
    });
    expect(run.stderr).toContain("sending a test alert to 4 channels");
    expect(run.code, run.stdout + run.stderr).toBe(0);
    for (const name of ["siem", "slack", "teams", "mail"])
      expect(run.stdout).toMatch(new RegExp(`✓ ${name} \\(\\w+, sha256:[0-9a-f]{16}\\): accepted`));
    const byPath = new Map(http.requests.map((r) => [r.path, JSON.parse(r.body)]));
    expect(byPath.get("/siem")).toMatchObject({
      kind: "lakeward-alerts",
      test: true,
      events: [{ title: "lakeward test alert" }],
    });
    expect(byPath.get(SLACK_PATH).text).toBe("[TEST] INFO · New failure: lakeward test alert");
    expect(byPath.get(TEAMS_PATH).attachments[0].content.type).toBe("AdaptiveCard");
    const [mail] = await smtp.waitFor(1);
    expect(mail!.parsed.subject).toBe("[lakeward] [TEST] INFO · New failure: lakeward test alert");
    for (const canary of [SECRET, PASSWORD, "canaryCliSlackToken", "canaryCliTeamsSig"])
      expect(run.stdout + run.stderr).not.toContain(canary);
  });

  it("names the channel that failed and why, exits 3; the secret the receiver echoed is scrubbed", async () => {
    const file = join(dir, "broken.yaml");
    await writeFile(file, config().replace(http.url("/siem"), http.url("/broken")));
    const run = await runCli(["alerts", "test", "--config", file, "--channel", "siem"], env);
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /✗ siem \(webhook, sha256:[0-9a-f]{16}\): webhook channel "siem": HTTP 500 \(oops \[redacted sha256:/,
    );
    expect(run.stdout).not.toContain(SECRET);
  });

  it("a missing environment variable is an input error naming the variable, not a value", async () => {
    const file = join(dir, "lakeward.yaml");
    const run = await runCli(["alerts", "test", "--config", file], {
      ...env,
      T_SLACK_URL: undefined,
      T_TEAMS_URL: "not a url",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'channel "slack": environment variable T_SLACK_URL (the Slack webhook URL) is not set',
    );
    expect(run.stderr).toContain('channel "teams": T_TEAMS_URL does not hold a valid URL');
  });

  it("without an alerts: section, or for an unknown channel, says what to do", async () => {
    const file = join(dir, "empty.yaml");
    await writeFile(file, "profile: standard\n");
    const run = await runCli(["alerts", "test", "--config", file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no alerts: section");
    const other = await runCli(["alerts", "test", "--config", join(dir, "lakeward.yaml"), "--channel", "pager"], env);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('no channel "pager"');
  });
});

describe("the alerts: section of lakeward.yaml", () => {
  const error = (text: string) => {
    try {
      parseConfig("lakeward.yaml", text);
    } catch (e) {
      return (e as Error).message;
    }
    return "no error";
  };
  const base = (channels: string, routes: string) =>
    `profile: standard\nalerts:\n  channels:\n${channels}  routes:\n${routes}`;
  const slack = "    chat:\n      type: slack\n      urlEnv: SLACK_URL\n";

  it("accepts a full section, with defaults filled in", () => {
    const parsed = parseConfig(
      "lakeward.yaml",
      base(
        slack,
        "    - when: {kinds: [new_failure, reopened], minSeverity: high, ids: [NET-*, DET-07], workspaces: [prod-*], tags: {env: [prod, staging]}}\n      channels: [chat]\n      digest: {schedule: '0 8 * * 1-5', timezone: Europe/Berlin}\n",
      ),
    );
    expect(parsed.alerts?.retry).toEqual({
      maxAttempts: 8,
      maxTotalMinutes: 60,
      baseDelaySeconds: 2,
      maxDelaySeconds: 300,
    });
    expect(parsed.alerts?.channels.chat).toEqual({ type: "slack", urlEnv: "SLACK_URL", timeoutSeconds: 10 });
  });

  it("the documented example's alerts validate", () => {
    const parsed = parseConfig("examples/lakeward.yaml", readFileSync("examples/lakeward.yaml", "utf8"));
    expect(Object.keys(parsed.alerts?.channels ?? {})).toEqual([
      "siem",
      "security-slack",
      "platform-teams",
      "secops-mail",
    ]);
    expect(parsed.alerts?.routes.map((r) => r.name)).toEqual(["urgent", "broken-runs", "daily-digest"]);
  });

  it("refuses an inline Slack URL at its line, without echoing it", () => {
    const message = error(
      base(
        "    chat:\n      type: slack\n      url: https://hooks.slack.com/services/T/B/inlineSecretXyz\n",
        "    - channels: [chat]\n",
      ),
    );
    expect(message).toMatch(/^lakeward\.yaml: line 6: alerts\.channels\.chat\.url: Slack webhook URLs are secrets/);
    expect(message).not.toContain("inlineSecretXyz");
  });

  it("names the line of a route to an unknown channel, an id that matches nothing, a bad schedule", () => {
    expect(error(base(slack, "    - channels: [chat, pager]\n"))).toBe(
      'lakeward.yaml: line 8: alerts.routes.0.channels.1: no channel "pager" under alerts.channels (there are: chat)',
    );
    expect(error(base(slack, "    - channels: [chat]\n      when: {ids: [NOPE-*]}\n"))).toContain(
      'line 9: alerts.routes.0.when.ids.0: "NOPE-*" matches no check or detection id',
    );
    expect(error(base(slack, "    - channels: [chat]\n      digest: {schedule: 'every day'}\n"))).toContain(
      'alerts.routes.0.digest: invalid cron pattern "every day"',
    );
    expect(
      error(base(slack, "    - channels: [chat]\n      digest: {schedule: '0 8 * * *', timezone: Mars/Olympus}\n")),
    ).toContain('unknown time zone "Mars/Olympus"');
  });

  it("refuses plain SMTP to a remote host and a password without TLS, and a secret-looking env name", () => {
    const mail = (smtp: string) =>
      `    mail:\n      type: email\n      smtp: {${smtp}}\n      from: a@example.com\n      to: [b@example.com]\n`;
    expect(error(base(mail("host: smtp.example.com, security: none"), "    - channels: [mail]\n"))).toContain(
      "plain SMTP (security: none) is only allowed to a relay on loopback",
    );
    expect(
      error(base(mail("host: 127.0.0.1, security: none, user: u, passwordEnv: P"), "    - channels: [mail]\n")),
    ).toContain("a password is never sent without TLS");
    const leaked = error(
      base(
        "    chat:\n      type: slack\n      urlEnv: https://hooks.slack.com/services/T/B/leakedToken\n",
        "    - channels: [chat]\n",
      ),
    );
    expect(leaked).toContain("alerts.channels.chat.urlEnv: expected the name of an environment variable");
    expect(leaked).not.toContain("leakedToken");
  });
});
