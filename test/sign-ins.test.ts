/** IAM-13's evidence: last sign-ins from audit logs (files) and from system.access.audit (warehouse). */
import { mkdtemp, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { collectOptionsFrom, type TargetFlags } from "../src/cli/target-options.ts";
import type { WorkspaceIdentity } from "../src/evidence/model.ts";
import { signInsFact, signInsFromLogs } from "../src/sources/audit/sign-ins.ts";
import { runCli } from "./support/cli.ts";
import { emulatorSignIns, withEmulator } from "./support/emulator.ts";

const RESOURCE = "/SUBSCRIPTIONS/S1/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.DATABRICKS/WORKSPACES/WS1";
const DAY = 86_400_000;

function record(daysAgo: number, email: string, action: string, status: number) {
  return JSON.stringify({
    time: new Date(Date.now() - daysAgo * DAY).toISOString(),
    resourceId: RESOURCE,
    category: "accounts",
    operationName: `Microsoft.Databricks/accounts/${action}`,
    operationVersion: "1.0.0",
    identity: JSON.stringify({ email, subjectName: null }),
    properties: {
      actionName: action,
      serviceName: "accounts",
      sourceIPAddress: "203.0.113.7:0",
      userAgent: "Mozilla/5.0",
      requestId: `r-${email}-${daysAgo}`,
      requestParams: JSON.stringify({ user: email }),
      response: { statusCode: status },
    },
  });
}

const identity = (resourceId: string | null, workspaceId: string | null): WorkspaceIdentity => ({
  name: "ws1",
  host: null,
  resourceId,
  workspaceId,
  location: null,
  origin: "live",
});

describe("last sign-ins from log files", () => {
  it("keeps each user's latest successful sign-in per workspace, and says what the logs cover", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lakeward-signins-"));
    await writeFile(
      join(dir, "PT1H.json"),
      `${[record(3, "Ann@Example.com", "aadBrowserLogin", 200), record(30, "ann@example.com", "tokenLogin", 200), record(200, "bob@example.com", "aadBrowserLogin", 200), record(1, "eve@example.com", "aadBrowserLogin", 401)].join("\n")}\n`,
    );
    const index = await signInsFromLogs([dir]);
    const fact = signInsFact(
      index,
      identity(RESOURCE.toLowerCase().replace("/subscriptions/s1", "/subscriptions/s1"), null),
    );
    expect(fact.status).toBe("known");
    if (fact.status !== "known") return;
    expect(Object.keys(fact.value).sort()).toEqual(["ann@example.com", "bob@example.com"]);
    expect(Date.now() - Date.parse(fact.value["ann@example.com"]!)).toBeLessThan(4 * DAY);
    expect(fact.note).toMatch(/the logs cover \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    // A workspace the logs do not mention is unknown, not "nobody signed in".
    expect(
      signInsFact(
        index,
        identity("/subscriptions/s1/resourcegroups/rg/providers/microsoft.databricks/workspaces/other", null),
      ).status,
    ).toBe("unknown");
  });
});

describe("last sign-ins from system.access.audit", () => {
  it("reads the emulator's warehouse and feeds IAM-13 through the CLI", async () => {
    await withEmulator({ personas: ["default", "hardened"] }, async (emulator) => {
      const index = await emulatorSignIns(emulator);
      expect(index.source).toMatch(/system\.access\.audit on warehouse/);
      const hardened = signInsFact(index, identity(null, "1000000000000003"));
      expect(hardened.status).toBe("known");

      const env = { LAKEWARD_ARM_TOKEN: emulator.token, DATABRICKS_TOKEN: emulator.token, DATABRICKS_HOST: undefined };
      const base = [
        "scan",
        "--subscription",
        emulator.subscriptionId,
        "--arm-endpoint",
        emulator.armUrl,
        "--format",
        "json",
        "--profile",
        "high",
        "-q",
      ];
      const status = async (args: string[], workspace: string) => {
        const run = await runCli([...base, ...args], env);
        const document = JSON.parse(run.stdout) as {
          workspaces: {
            workspace: { name: string };
            results: { checkId: string; status: string; message: string }[];
          }[];
        };
        return document.workspaces
          .find((w) => w.workspace.name === workspace)!
          .results.find((r) => r.checkId === "IAM-13")!;
      };
      expect((await status([], "adb-hardened")).status).toBe("unknown");
      const audit = ["--audit-warehouse", "e5a1b2c3d4f60789", "--audit-host", emulator.workspaces[0]!.url];
      expect((await status(audit, "adb-hardened")).status).toBe("pass");
      const fresh = await status(audit, "adb-default");
      expect(fresh.status).toBe("fail");
      expect(fresh.message).toMatch(/alex@contoso\.example/);
      expect(fresh.message).toMatch(/kim@contoso\.example/);
      // A warehouse that cannot be read costs IAM-13 only, with the reason; the scan still judges the rest.
      const missing = ["--audit-warehouse", "0000000000000bad", "--audit-host", emulator.workspaces[0]!.url];
      const broken = await status(missing, "adb-hardened");
      expect(broken.status).toBe("unknown");
      expect(broken.message).toMatch(/could not read last sign-ins .*warehouse 0000000000000bad.*does not exist/);
    });
  });
});

describe("--request-timeout bounds the audit warehouse's requests", () => {
  it("a warehouse that never answers the submit fails after --request-timeout, not the client's 30 s default", async () => {
    // A loopback warehouse that takes the statement submit and never answers it.
    const seen: string[] = [];
    const waits: unknown[] = [];
    const held: IncomingMessage[] = [];
    const server = createServer((request) => {
      seen.push(`${request.method} ${request.url}`);
      held.push(request);
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      request.on("end", () => waits.push((JSON.parse(body) as { wait_timeout?: unknown }).wait_timeout));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    vi.stubEnv("DATABRICKS_TOKEN", "dapi-request-timeout-test");
    const flags: TargetFlags = {
      host,
      armEndpoint: "https://management.azure.com",
      databricksAuth: "sdk",
      parallel: "1",
      requestTimeout: "0.3",
      scanTimeout: "600",
      accountHost: "https://accounts.azuredatabricks.net",
      graphEndpoint: "https://graph.microsoft.com",
      notebookScan: false,
      maxNotebooks: "0",
      auditWarehouse: "e5a1b2c3d4f60789",
    };
    try {
      const options = await collectOptionsFrom(flags);
      // Two statements (the sign-ins and the span), each submitted once: a POST that timed out is not retried.
      expect(seen).toEqual(["POST /api/2.0/sql/statements", "POST /api/2.0/sql/statements"]);
      expect(options.signIns).toBeUndefined();
      expect(options.signInsError).toMatch(/could not read last sign-ins .*warehouse e5a1b2c3d4f60789/);
      // The submit's server-side wait fits within one request (0s below 8 s), so the statement would be polled.
      expect(waits).toEqual(["0s", "0s"]);
      // The bound that ended it is the flag's, named as such.
      expect(options.signInsError).toMatch(/--request-timeout 0\.3\s?s/);
    } finally {
      vi.unstubAllEnvs();
      for (const request of held) request.socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
