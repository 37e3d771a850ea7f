/**
 * Canary secrets in the store and in alert deliveries: `serve --once` reads the emulator (which plants
 * canary secrets wherever real responses carry them) with a canary token as its credential, with an admin
 * token, a webhook signing secret and an SMTP password that are secrets too — ARM and a host target through hostile proxies
 * that echo that token back (test/support/hostile-echo.ts); then every row of every table of the store (compressed blobs
 * decompressed), every delivered webhook body and every e-mail (raw, as the SMTP server received it) is
 * searched for them. Both engines.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES, CANARY_VALUES } from "../../src/emulator/canaries.ts";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { decodeBlob } from "../../src/store/blobs.ts";
import { Store } from "../../src/store/index.ts";
import {
  type HttpReceiver,
  type SmtpReceiver,
  startHttpReceiver,
  startSmtpReceiver,
} from "../support/alert-receivers.ts";
import { runCli } from "../support/cli.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";
import { armEchoRules, databricksEchoRules, echoForms } from "../support/hostile-echo.ts";
import { ENGINES, testStoreLocation } from "../support/stores.ts";

const ADMIN = "lw_canaryAdm0_LWCANARY-admintoken-6a4c2e0b8d";
const SIGNING = "LWCANARY-webhooksecret-1f3b5d7a9c";
const SMTP_PASSWORD = "LWCANARY-smtppassword-8e2d4f6a0c";

let emulator: RunningEmulator;
let hook: HttpReceiver;
let smtp: SmtpReceiver;
let arm: FaultProxy;
let workspace: FaultProxy;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator({ personas: ["default", "typical"], token: CANARIES.tokenValue });
  arm = await startFaultProxy(emulator.armUrl, armEchoRules(CANARIES.tokenValue));
  workspace = await startFaultProxy(emulator.workspaces[0]!.url, databricksEchoRules(CANARIES.tokenValue));
  hook = await startHttpReceiver();
  smtp = await startSmtpReceiver({ user: "lakeward", password: SMTP_PASSWORD });
  dir = await mkdtemp(join(tmpdir(), "lakeward-store-secrets-"));
}, 60_000);
afterAll(async () => {
  await arm?.close();
  await workspace?.close();
  await emulator?.close();
  await hook?.close();
  await smtp?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.each(ENGINES)("no secret reaches the store or a delivery (%s)", (engine) => {
  it("every table and every delivered body is free of canaries", async () => {
    const location = await testStoreLocation(engine, "secrets");
    const config = join(dir, `${engine}.yaml`);
    const { writeFile } = await import("node:fs/promises");
    const caFile = join(dir, `${engine}-smtp-ca.pem`);
    await writeFile(caFile, smtp.cert);
    await writeFile(
      config,
      [
        "targets:",
        `  - subscription: ${emulator.subscriptionId}`,
        `  - host: ${workspace.url}`,
        "alerts:",
        "  channels:",
        "    hook:",
        "      type: webhook",
        `      url: ${hook.url(`/${engine}`)}`,
        "      secretEnv: CANARY_SIGNING",
        "    mail:",
        "      type: email",
        "      smtp:",
        "        host: 127.0.0.1",
        `        port: ${smtp.port}`,
        "        security: starttls",
        "        user: lakeward",
        "        passwordEnv: CANARY_SMTP_PASSWORD",
        "        tls:",
        `          caFile: ${caFile}`,
        "          servername: localhost",
        `      from: "lakeward <lakeward@example.com>"`,
        `      to: [${engine}@example.com]`,
        "  routes:",
        "    - channels: [hook, mail]",
      ].join("\n"),
    );
    const run = await runCli(["serve", "--once", "--config", config, "--arm-endpoint", arm.url, ...location.args], {
      LAKEWARD_ARM_TOKEN: CANARIES.tokenValue,
      DATABRICKS_TOKEN: CANARIES.tokenValue,
      LAKEWARD_ADMIN_TOKEN: ADMIN,
      CANARY_SIGNING: SIGNING,
      CANARY_SMTP_PASSWORD: SMTP_PASSWORD,
    });
    expect(run.stderr).not.toMatch(/unexpected error/);
    const store = await Store.open({ dataDir: location.dataDir, ...(location.store ? { store: location.store } : {}) });
    const texts: { what: string; text: string }[] = [{ what: "serve output", text: run.stdout + run.stderr }];
    try {
      // Every table of the store, as the engine itself lists them (Kysely's introspection: both engines).
      const tables = { rows: (await store.db.introspection.getTables()).map((t) => ({ table_name: t.name })) };
      expect(tables.rows.length).toBeGreaterThan(15);
      for (const { table_name } of tables.rows) {
        const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table_name)}`.execute(store.db);
        for (const row of rows.rows) {
          const { data, ...rest } = row;
          texts.push({ what: table_name, text: JSON.stringify(rest) });
          if (data instanceof Uint8Array)
            texts.push({ what: `${table_name} (decompressed)`, text: JSON.stringify(decodeBlob(data)) });
        }
      }
      const counts = Object.fromEntries(
        tables.rows.map((t) => [t.table_name, texts.filter((x) => x.what === t.table_name).length]),
      );
      // The paths were exercised: evidence, results, findings, events and deliveries were written.
      expect(counts.blobs).toBeGreaterThan(0);
      expect(counts.findings).toBeGreaterThan(0);
      expect(counts.alert_events).toBeGreaterThan(0);
      expect(counts.delivery_items).toBeGreaterThan(0);
    } finally {
      await store.close();
      await location.cleanup();
    }
    const bodies = hook.requests.filter((r) => r.path === `/${engine}`);
    expect(bodies.length).toBeGreaterThan(0);
    for (const body of bodies)
      texts.push({ what: "webhook body", text: JSON.stringify({ headers: body.headers, body: body.body }) });
    // The e-mails as the SMTP server received them (after STARTTLS, authenticated with the canary password).
    const mails = smtp.messages.filter((m) => m.envelope.to.includes(`${engine}@example.com`));
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.every((m) => m.secure && m.user === "lakeward")).toBe(true);
    // Raw (headers, encoded parts) and decoded (a base64 or quoted-printable part hides nothing).
    for (const mail of mails) {
      texts.push({ what: "e-mail (raw)", text: mail.raw });
      texts.push({ what: "e-mail (decoded)", text: JSON.stringify(mail.parsed) });
    }
    // The hostile answers reached the store (their reasons were kept), only without the token.
    expect(texts.some((t) => t.text.includes("may not read this"))).toBe(true);
    expect(texts.some((t) => t.text.includes("may not read workspace-conf"))).toBe(true);
    expect(workspace.trap.requests).toEqual([]);
    expect(arm.trap.requests).toEqual([]);
    for (const secret of [
      ...CANARY_VALUES,
      ...echoForms(CANARIES.tokenValue),
      ADMIN,
      SIGNING,
      SMTP_PASSWORD,
      ADMIN.slice(14),
    ])
      for (const { what, text } of texts) expect(text.includes(secret), `${secret} in ${what}`).toBe(false);
  }, 240_000);
});
