/** Starting `lakeward serve` as a real process for the end-to-end tests, and talking to its API. */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { RunningEmulator } from "../../src/emulator/server.ts";

export const ADMIN_TOKEN = "lw_e2eAdmin00_test-admin-token-for-serve-e2e";

export interface RunningServe {
  process: ChildProcess;
  url: string;
  output: () => string;
  api<T>(path: string, init?: RequestInit & { token?: string | null }): Promise<{ status: number; body: T }>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

export function serveEnv(emulator: RunningEmulator): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LAKEWARD_ARM_TOKEN: emulator.token,
    DATABRICKS_TOKEN: emulator.token,
    LAKEWARD_ADMIN_TOKEN: ADMIN_TOKEN,
    E2E_WEBHOOK_SECRET: WEBHOOK_SECRET,
    E2E_SMTP_PASSWORD: SMTP_PASSWORD,
    DATABRICKS_HOST: "",
    DATABRICKS_CONFIG_FILE: "/nonexistent",
    NO_COLOR: "1",
  };
}

export function serveArgs(emulator: RunningEmulator, configFile: string, storeArgs: string[]): string[] {
  return ["bin/lakeward.js", "serve", "--config", configFile, "--arm-endpoint", emulator.armUrl, ...storeArgs];
}

export interface AlertReceivers {
  webhookUrl: string;
  smtpPort: number;
  /** PEM file of the SMTP server's certificate. */
  caFile: string;
}

export const WEBHOOK_SECRET = "e2e-webhook-signing-secret-0123456789";
export const SMTP_PASSWORD = "e2e-smtp-password-9876543210";

/** A config with one target per given emulated workspace, on a schedule of every `everySeconds`. */
export async function writeServeConfig(
  dir: string,
  emulator: RunningEmulator,
  personas: string[],
  everySeconds: number,
  receivers?: AlertReceivers,
): Promise<string> {
  const lines = ["targets:"];
  for (const persona of personas) {
    const ws = emulator.workspaces.find((w) => w.persona === persona)!;
    lines.push(
      `  - name: ${persona}`,
      `    workspaceResourceId: ${ws.resourceId}`,
      `    schedule: "*/${everySeconds} * * * * *"`,
    );
  }
  const auditHost = emulator.workspaces.find((w) => w.persona === personas[0])!.url;
  lines.push(
    "serve:",
    "  audit:",
    "    warehouse: e5a1b2c3d4f60789",
    `    host: ${auditHost}`,
    "  sla:",
    "    high: 30",
  );
  if (receivers)
    lines.push(
      "alerts:",
      "  channels:",
      "    hook:",
      "      type: webhook",
      `      url: ${receivers.webhookUrl}`,
      "      secretEnv: E2E_WEBHOOK_SECRET",
      "    mail:",
      "      type: email",
      "      smtp:",
      "        host: 127.0.0.1",
      `        port: ${receivers.smtpPort}`,
      "        security: starttls",
      "        user: lakeward",
      "        passwordEnv: E2E_SMTP_PASSWORD",
      "        tls:",
      `          caFile: ${receivers.caFile}`,
      "          servername: localhost",
      '      from: "lakeward <lakeward@example.com>"',
      "      to: [secops@example.com]",
      "  routes:",
      "    - name: net-failures",
      "      when:",
      "        kinds: [new_failure]",
      "        ids: [NET-03]",
      "      channels: [hook, mail]",
    );
  const file = join(dir, "lakeward.yaml");
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

export async function startServe(args: string[], env: NodeJS.ProcessEnv, timeoutMs = 180_000): Promise<RunningServe> {
  const child = spawn(process.execPath, [...args, "--port", "0", "--poll-seconds", "0.5"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += String(d);
  });
  child.stderr?.on("data", (d) => {
    out += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const match = /API listening on (http:\/\/[^/\s]+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stderr?.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code} before listening:\n${out}`));
    });
  });
  return {
    process: child,
    url,
    output: () => out,
    async api<T>(path: string, init: RequestInit & { token?: string | null } = {}) {
      const { token = ADMIN_TOKEN, ...rest } = init;
      const response = await fetch(`${url}${path}`, {
        ...rest,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          "content-type": "application/json",
          ...(rest.headers ?? {}),
        },
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
    },
    stop(signal: NodeJS.Signals = "SIGTERM", timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        // Bounded: a server that does not stop in time is killed, and the test fails saying so.
        const timer = setTimeout(() => {
          child.kill("SIGKILL");
          reject(new Error(`serve did not stop within ${timeoutMs} ms of ${signal}:\n${out.slice(-4000)}`));
        }, timeoutMs);
        child.once("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
        child.kill(signal);
      });
    },
  };
}

/** Polls until `fn` returns a value (not undefined), or fails with the last value and the server output. */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  serve: RunningServe,
  timeoutMs = 90_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > until)
      throw new Error(`timed out waiting for ${what}\n--- serve output ---\n${serve.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
