/**
 * A hostile Databricks workspace echoes the token it was sent (issue 10 item 2, "canaries everywhere"): in a
 * Databricks error body (error_code and message), in an HTML error page, and in a next page token that is
 * another host's URL carrying it, which lakeward sends back as a page token and then reports as a paging
 * loop. One CLI scan through the fault proxy writes every report format and a snapshot; the token appears in
 * none of them, nor on stdout or stderr, while the hostile answers' reasons do reach the results.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { runCli } from "../support/cli.ts";
import { type FaultProxy, startFaultProxy } from "../support/fault-proxy.ts";

/** Shaped like a personal access token; "LWCANARY" alone is searched for too. */
const TOKEN = "dapiLWCANARY7f3a9c1e5b2d80464c1e5b2d8046aa";

let emulator: RunningEmulator;
let proxy: FaultProxy;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ personas: ["hardened"], token: TOKEN });
  proxy = await startFaultProxy(emulator.workspaces[0]!.url);
  proxy.setRules([
    {
      path: "/api/2.0/ip-access-lists",
      fault: {
        kind: "status",
        status: 400,
        body: { error_code: `BAD_${TOKEN}`, message: `token ${TOKEN} is not allowed here` },
      },
    },
    {
      path: "/api/2.1/clusters/list",
      fault: {
        kind: "status",
        status: 500,
        contentType: "text/html",
        body: `<pre>Authorization: Bearer ${TOKEN}</pre>`,
      },
    },
    {
      path: "/api/2.2/jobs/list",
      fault: {
        kind: "rewrite",
        json: (body, _request, p) => ({ ...(body as object), next_page_token: `${p.trapUrl}/steal?token=${TOKEN}` }),
      },
    },
  ]);
  dir = await mkdtemp(join(tmpdir(), "lakeward-dbx-canary-"));
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("a workspace that echoes the token", () => {
  it("reaches no output: stdout, stderr, snapshot and every report format", async () => {
    const run = await runCli(
      [
        ...["scan", "--host", proxy.url, "--no-notebook-scan", "--profile", "high"],
        ...["--format", "console,json,markdown,html,sarif,junit,csv", "--output-dir", join(dir, "out")],
        ...["--save-snapshot", join(dir, "snapshot.json")],
      ],
      { DATABRICKS_TOKEN: TOKEN, DATABRICKS_HOST: undefined, DATABRICKS_CONFIG_PROFILE: undefined },
    );
    const outputs = [
      { what: "stdout", text: run.stdout },
      { what: "stderr", text: run.stderr },
      { what: "snapshot", text: await readFile(join(dir, "snapshot.json"), "utf8") },
    ];
    for (const name of await readdir(join(dir, "out")))
      outputs.push({ what: name, text: await readFile(join(dir, "out", name), "utf8") });
    expect(outputs.length).toBeGreaterThanOrEqual(9);
    // The hostile answers reached lakeward: their reasons are in the results, the token is not.
    const results = outputs.find((o) => o.what === "results.json")!.text;
    expect(results).toMatch(/token \[redacted sha256:[0-9a-f]+\] is not allowed here/);
    expect(results).toMatch(/paging loop|repeated/);
    for (const output of outputs)
      for (const secret of [TOKEN, "LWCANARY"])
        expect(output.text.includes(secret), `${secret.slice(0, 12)}… in ${output.what}`).toBe(false);
    expect(proxy.trap.requests, "nothing was sent to the other host").toEqual([]);
    expect(proxy.requests.some((r) => r.path === "/api/2.2/jobs/list" && r.query.includes("page_token"))).toBe(true);
  });
});
