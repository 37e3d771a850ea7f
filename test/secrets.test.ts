/**
 * Canary secrets: the emulator plants fake secret values wherever real responses carry secrets, and the
 * credentials lakeward is given are secrets too. Every output of every path (stdout, stderr, snapshot,
 * reports, error messages) is searched for them.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES, CANARY_VALUES } from "../src/emulator/canaries.ts";
import { parseFault } from "../src/emulator/faults.ts";
import type { RunningEmulator } from "../src/emulator/server.ts";
import { startEmulator } from "../src/emulator/server.ts";
import { fingerprint, redactConfEntry, redactSettingString, scrubSecrets } from "../src/redact/fingerprint.ts";
import { runCli } from "./support/cli.ts";

const outputs: { what: string; text: string }[] = [];
let dir: string;
let emulator: RunningEmulator;
let failing: RunningEmulator;
let limited: RunningEmulator;
const ARM_CLIENT_SECRET = CANARIES.clientSecret;

async function record(what: string, run: Promise<{ code: number; stdout: string; stderr: string }>) {
  const result = await run;
  outputs.push({ what: `${what} stdout`, text: result.stdout }, { what: `${what} stderr`, text: result.stderr });
  return result;
}

async function recordFiles(folder: string) {
  for (const name of await readdir(folder))
    outputs.push({ what: `${folder}/${name}`, text: await readFile(join(folder, name), "utf8") });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-secrets-"));
  emulator = await startEmulator();
  failing = await startEmulator({
    faults: [
      parseFault("500 /api/2.1/clusters/list"),
      parseFault("403 /api/2.0/workspace-conf"),
      parseFault("429 /api/2.0/ip-access-lists retry-after=0"),
      parseFault("404 */diagnosticSettingsCategories target=arm"),
    ],
  });
  // A non-admin identity over every subscription, one of which refuses the listing: partial lists and
  // run-level problems are new output paths.
  limited = await startEmulator({
    caller: "user",
    faults: [parseFault("403 /subscriptions/1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b/* target=arm")],
  });
  const env = (e: RunningEmulator) => ({ LAKEWARD_ARM_TOKEN: e.token, DATABRICKS_TOKEN: e.token });
  const target = (e: RunningEmulator) => ["--subscription", e.subscriptionId, "--arm-endpoint", e.armUrl];

  await record("demo", runCli(["demo", "--output-dir", join(dir, "demo")]));
  await recordFiles(join(dir, "demo"));
  // Every format, with the account API: the 2026 evidence (scoped tokens, service principal secrets, apps,
  // serving endpoints with their AI Gateway and external model, the settings v2 catalogue and its values)
  // carries canaries of its own (servicePrincipalSecretHash, servingExternalModelKey, settingValueSecret).
  await record(
    "scan",
    runCli(
      [
        ...["scan", ...target(emulator), "--account-id", emulator.accountId, "--account-host", emulator.accountUrl],
        ...["--profile", "high", "--format", "console,json,markdown,html,sarif,junit,csv"],
        ...["--output-dir", join(dir, "scan"), "--save-snapshot", join(dir, "scan-snapshot.json")],
      ],
      env(emulator),
    ),
  );
  await recordFiles(join(dir, "scan"));
  outputs.push({ what: "scan snapshot", text: await readFile(join(dir, "scan-snapshot.json"), "utf8") });
  // The snapshot judged again and compared with the live run: two more paths over the same evidence.
  await record(
    "scan --snapshot",
    runCli(["scan", "--snapshot", join(dir, "scan-snapshot.json"), "--format", "markdown,html,csv"], {}),
  );
  await record(
    "diff",
    runCli(["diff", join(dir, "scan-snapshot.json"), join(dir, "scan", "results.json"), "--format", "json"], {}),
  );
  await record(
    "faulty scan",
    runCli(["scan", ...target(failing), "--format", "json", "--output", join(dir, "faulty.json")], env(failing)),
  );
  outputs.push({ what: "faulty.json", text: await readFile(join(dir, "faulty.json"), "utf8") });
  await record(
    "collect",
    runCli(["collect", ...target(failing), "--output", join(dir, "faulty-snapshot.json")], env(failing)),
  );
  outputs.push({ what: "faulty snapshot", text: await readFile(join(dir, "faulty-snapshot.json"), "utf8") });
  await record(
    "estate scan as a non-admin",
    runCli(
      [
        ...["scan", "--all-subscriptions", "--arm-endpoint", limited.armUrl, "--graph", "--graph-endpoint"],
        ...[limited.armUrl, "--format", "console,json,markdown,html,sarif,junit,csv", "--output-dir"],
        ...[join(dir, "estate"), "--save-snapshot", join(dir, "estate-snapshot.json")],
      ],
      env(limited),
    ),
  );
  await recordFiles(join(dir, "estate"));
  outputs.push({ what: "estate snapshot", text: await readFile(join(dir, "estate-snapshot.json"), "utf8") });
  await record(
    "all subscriptions with a canary ARM token",
    runCli(["scan", "--all-subscriptions", "--arm-endpoint", emulator.armUrl], {
      LAKEWARD_ARM_TOKEN: CANARIES.tokenValue,
      DATABRICKS_TOKEN: emulator.token,
    }),
  );
  // A wrong Databricks token that is itself a canary, and ARM credentials that cannot be used.
  await record(
    "wrong token",
    runCli(["scan", "--host", emulator.workspaces[0]!.url, "--format", "json"], {
      DATABRICKS_TOKEN: CANARIES.tokenValue,
    }),
  );
  await record(
    "refused ARM credential",
    runCli(["scan", ...target(emulator)], {
      LAKEWARD_ARM_TOKEN: undefined,
      AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000001",
      AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000002",
      AZURE_CLIENT_SECRET: ARM_CLIENT_SECRET,
      AZURE_AUTHORITY_HOST: "http://127.0.0.1:9",
      DATABRICKS_TOKEN: emulator.token,
    }),
  );
  await record(
    "wrong ARM token",
    runCli(["scan", ...target(emulator)], {
      LAKEWARD_ARM_TOKEN: CANARIES.tokenValue,
      DATABRICKS_TOKEN: emulator.token,
    }),
  );
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  await failing?.close();
  await limited?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("no secret reaches any output", () => {
  it("ran every path", () => {
    expect(outputs.length).toBeGreaterThan(15);
    expect(outputs.find((o) => o.what === "wrong token stderr")?.text).toMatch(/credentials refused/);
    expect(outputs.find((o) => o.what === "refused ARM credential stderr")?.text).toMatch(/lakeward: error:/);
    expect(outputs.find((o) => o.what === "estate scan as a non-admin stderr")?.text).toMatch(
      /subscription 1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b: its workspaces could not be listed/,
    );
    expect(outputs.find((o) => o.what.endsWith("estate/results.json"))?.text).toMatch(/"partial": "read as scanner@/);
    expect(outputs.find((o) => o.what === "all subscriptions with a canary ARM token stderr")?.text).toMatch(
      /could not list subscriptions/,
    );
  });

  it.each([...CANARY_VALUES.map((value) => [value] as const), ["LWCANARY"] as const])(
    "%s appears nowhere",
    (secret) => {
      for (const output of outputs) expect(output.text.includes(secret), `found in ${output.what}`).toBe(false);
    },
  );

  it("the credentials lakeward was given appear nowhere", () => {
    for (const output of outputs) {
      expect(output.text.includes(emulator.token), `emulator token in ${output.what}`).toBe(false);
      expect(output.text.includes(failing.token), `emulator token in ${output.what}`).toBe(false);
    }
  });

  it("the snapshot keeps fingerprints where the secrets were", () => {
    const snapshot = outputs.find((o) => o.what === "scan snapshot")!.text;
    expect(snapshot).toContain(fingerprint(CANARIES.storageAccountKey));
    expect(snapshot).toContain(fingerprint(CANARIES.envPassword));
    expect(snapshot).toContain("{{secrets/datalake/account-key}}");
    // The setting's credential is a fingerprint in its effective value; the rest of the value is kept.
    expect(snapshot).toContain(fingerprint(CANARIES.settingValueSecret));
    expect(snapshot).toContain("https://ingest.partner.example/v1");
  });

  it("the 2026 evidence was read, so its canaries had every chance to leak", () => {
    const requested = (pattern: RegExp) => emulator.requests.some((r) => pattern.test(r.path));
    expect(requested(/\/credentials\/secrets$/)).toBe(true);
    expect(requested(/^\/api\/2\.0\/serving-endpoints$/)).toBe(true);
    // Each endpoint's detail: environment_vars (servingEnvironmentValue) and external model keys.
    expect(requested(/^\/api\/2\.0\/serving-endpoints\/gpt-proxy$/)).toBe(true);
    expect(requested(/^\/api\/2\.0\/serving-endpoints\/chat$/)).toBe(true);
    expect(requested(/^\/api\/2\.0\/token-management\/tokens$/)).toBe(true);
    expect(requested(/^\/api\/2\.0\/apps$/)).toBe(true);
    expect(requested(/^\/api\/2\.1\/settings\/partner_connector_destination$/)).toBe(true);
    const files = outputs.filter((o) => /\/scan\/[^/]+$/.test(o.what)).map((o) => o.what.replace(/^.*\//, ""));
    expect(files.sort()).toEqual([
      "junit.xml",
      "report.html",
      "results.csv",
      "results.json",
      "results.sarif",
      "summary.md",
      "summary.txt",
    ]);
    const results = outputs.find((o) => o.what.endsWith("/scan/results.json"))!.text;
    // IAM-18 judged the account's secrets (read, not unknown), INFO-08 reported the connector setting.
    const document = JSON.parse(results) as { workspaces: { results: { checkId: string; status: string }[] }[] };
    for (const workspace of document.workspaces)
      expect(workspace.results.find((r) => r.checkId === "IAM-18")?.status).toMatch(/^(pass|fail)$/);
    expect(results).toContain("workspace setting partner_connector_destination");
  });
});

describe("redaction rules", () => {
  it.each([
    ["fs.azure.account.key.x.dfs.core.windows.net", "s3cr3t-value"],
    ["spark.hadoop.javax.jdo.option.ConnectionPassword", "hunter2"],
    ["spark.sql.harmless.looking", "Server=db;Password=hunter2"],
    ["my.custom.setting", "anything"],
  ])("%s is fingerprinted", (key, value) => {
    const entry = redactConfEntry(key, value);
    expect(entry.value).toBeUndefined();
    expect(entry.fingerprint).toBe(fingerprint(value));
    expect(JSON.stringify(entry)).not.toContain(value);
  });

  it.each([
    ["spark.io.encryption.enabled", "true"],
    ["spark.databricks.passthrough.enabled", "true"],
    ["any.key", "{{secrets/scope/key}}"],
  ])("%s is kept", (key, value) => {
    expect(redactConfEntry(key, value).value).toBe(value);
  });

  it.each([
    ["client_secret", "abc123-opaque"],
    ["api_key", "k-123456"],
    ["value", "Server=db;Password=hunter2"],
    ["url", "https://x.example/hook?sig=abcdef"],
  ])("a settings v2 value's %s string is fingerprinted", (key, value) => {
    expect(redactSettingString(key, value)).toBe(fingerprint(value));
  });

  it.each([
    ["access_policy_type", "ALLOW_APPROVED_DOMAINS"],
    ["allowed_scopes", "sql"],
    ["url", "https://ingest.partner.example/v1"],
    ["client_secret", "{{secrets/scope/key}}"],
  ])("a settings v2 value's %s string %s is kept", (key, value) => {
    expect(redactSettingString(key, value)).toBe(value);
  });

  it("fingerprints are stable and short", () => {
    expect(fingerprint("abc")).toBe(fingerprint("abc"));
    expect(fingerprint("abc")).not.toBe(fingerprint("abd"));
    expect(fingerprint("abc")).toMatch(/^sha256:[0-9a-f]{16}$/);
  });

  it("scrubs known secrets and bearer tokens from text", () => {
    const text = scrubSecrets("failed: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig with key hunter22", [
      "hunter22",
    ]);
    expect(text).not.toContain("hunter22");
    expect(text).not.toContain("eyJhbGciOiJIUzI1NiJ9");
  });
});

describe("cluster policy definitions", () => {
  it("fixed credential values are fingerprinted at collection, secret references and settings kept", async () => {
    const { redactPolicyDefinition } = await import("../src/redact/fingerprint.ts");
    const redacted = redactPolicyDefinition({
      "spark_conf.fs.azure.account.key.lake.dfs.core.windows.net": { type: "fixed", value: "s3cr3t-storage-key" },
      "spark_env_vars.DB_PASSWORD": { type: "allowlist", values: ["p@ssw0rd-1", "{{secrets/db/password}}"] },
      "spark_conf.spark.io.encryption.enabled": { type: "fixed", value: "true" },
      autotermination_minutes: { type: "range", maxValue: 120 },
    });
    const text = JSON.stringify(redacted);
    expect(text).not.toContain("s3cr3t-storage-key");
    expect(text).not.toContain("p@ssw0rd-1");
    expect(text).toContain(fingerprint("s3cr3t-storage-key"));
    expect(text).toContain("{{secrets/db/password}}");
    expect(redacted["spark_conf.spark.io.encryption.enabled"]).toEqual({ type: "fixed", value: "true" });
    expect(redacted.autotermination_minutes).toEqual({ type: "range", maxValue: 120 });
  });
});
