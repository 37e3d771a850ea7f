/**
 * Pushdown end to end: the detections run as Databricks SQL through the Statement Execution API of the
 * emulator (DuckDB over a generated system.access.audit), over real HTTP through the SDK and lakeward's
 * read-only client, and return exactly the alerts the local path returns on the same events.
 */
import { describe, expect, it } from "vitest";
import { DETECTIONS } from "../../src/detect/detections/registry.ts";
import { runDetections } from "../../src/detect/engine.ts";
import { generateAll } from "../../src/detect/generator/generate.ts";
import { STATEMENTS_PATH, WarehouseExecutor } from "../../src/detect/warehouse.ts";
import { CANARY_VALUES } from "../../src/emulator/canaries.ts";
import type { RunningEmulator } from "../../src/emulator/server.ts";
import { EMULATOR_WAREHOUSE_ID } from "../../src/emulator/statement-routes.ts";
import { IncompleteError } from "../../src/errors.ts";
import { runCli } from "../support/cli.ts";
import { withEmulator } from "../support/emulator.ts";
import { detect } from "./support.ts";

const DATA = generateAll({ users: 14, days: 5, seed: 5, start: "2026-11-02" });

const executor = (emulator: RunningEmulator, extra: Partial<ConstructorParameters<typeof WarehouseExecutor>[0]> = {}) =>
  new WarehouseExecutor({
    host: emulator.workspaces[0]!.url,
    warehouseId: EMULATOR_WAREHOUSE_ID,
    auth: { mode: "sdk", token: emulator.token },
    waitTimeout: "0s",
    pollMs: { first: 20, max: 100 },
    ...extra,
  });

const shape = (path: string) =>
  path.replace(/statements\/[^/]+/, "statements/{id}").replace(/chunks\/\d+$/, "chunks/{n}");

describe("detect on a SQL warehouse (emulated Statement Execution API)", () => {
  it("returns the same alerts as the local path on the same events, for every detection", async () => {
    const local = await detect(DATA.events, { only: DETECTIONS.map((d) => d.meta.id) });
    // Every scenario is detected, so every detection is compared.
    expect(new Set(local.alerts.map((a) => a.detectionId)).size).toBe(DETECTIONS.length);
    await withEmulator(
      { personas: ["default"], auditLog: { events: DATA.events, chunkRows: 4, minRunMs: 120 } },
      async (emulator) => {
        const warehouse = executor(emulator);
        const remote = await runDetections(warehouse, { detections: DETECTIONS, concurrency: 4 });
        expect(remote.runs.filter((run) => run.status !== "ok")).toEqual([]);
        expect(remote.alerts).toEqual(local.alerts);
        // Statements were polled (they stay PENDING/RUNNING for 120 ms) and paged (4 rows per chunk).
        expect(warehouse.stats.statements).toBe(DETECTIONS.length);
        expect(warehouse.stats.polls).toBeGreaterThan(DETECTIONS.length);
        expect(warehouse.stats.chunks).toBeGreaterThan(5);
        const calls = new Set(emulator.requests.map((r) => `${r.method} ${shape(r.path)} ${r.status}`));
        expect([...calls].sort()).toEqual([
          `GET ${STATEMENTS_PATH}/{id} 200`,
          `GET ${STATEMENTS_PATH}/{id}/result/chunks/{n} 200`,
          `POST ${STATEMENTS_PATH} 200`,
        ]);
      },
    );
  });

  it("lakeward detect --warehouse: same alerts, JSON report without canary secrets, exit 1", async () => {
    const local = await detect(DATA.events);
    await withEmulator(
      { personas: ["default"], auditLog: { events: DATA.events, chunkRows: 50 } },
      async (emulator) => {
        const run = await runCli(
          [
            "detect",
            "--warehouse",
            EMULATOR_WAREHOUSE_ID,
            "--host",
            emulator.workspaces[0]!.url,
            "--since",
            "2026-11-01",
            "--format",
            "json",
            "-q",
          ],
          { DATABRICKS_TOKEN: emulator.token, DATABRICKS_HOST: undefined, DATABRICKS_CONFIG_PROFILE: undefined },
        );
        expect(run.stderr).toBe("");
        expect(run.code).toBe(1);
        const document = JSON.parse(run.stdout);
        expect(document.source).toMatchObject({
          mode: "warehouse",
          warehouseId: EMULATOR_WAREHOUSE_ID,
          table: "system.access.audit",
        });
        expect(document.window.since).toBe("2026-11-01T00:00:00.000Z");
        expect(document.alerts).toEqual(local.alerts);
        for (const canary of CANARY_VALUES) expect(run.stdout).not.toContain(canary);
        expect(run.stdout).not.toContain(emulator.token);
      },
    );
  });

  it("cancels a statement that outlives the timeout, through the cancel path and no other POST", async () => {
    await withEmulator(
      { personas: ["default"], auditLog: { events: DATA.events, minRunMs: 10_000 } },
      async (emulator) => {
        const warehouse = executor(emulator, { timeoutMs: 300 });
        await expect(warehouse.query("SELECT count(*) AS n FROM system.access.audit", "count")).rejects.toThrow(
          /still (PENDING|RUNNING) after 0s; cancelled/,
        );
        const posts = emulator.requests.filter((r) => r.method === "POST").map((r) => shape(r.path));
        expect(posts).toEqual([STATEMENTS_PATH, `${STATEMENTS_PATH}/{id}/cancel`]);
        const id = /statements\/([^/]+)\/cancel/.exec(
          emulator.requests.find((r) => r.path.endsWith("/cancel"))!.path,
        )![1];
        const after = await fetch(`${emulator.workspaces[0]!.url}${STATEMENTS_PATH}/${id}`, {
          headers: { Authorization: `Bearer ${emulator.token}` },
        }).then((r) => r.json() as Promise<ApiBody>);
        expect(after.status.state).toBe("CANCELED");
      },
    );
  });

  it("reports a statement the warehouse rejects, with its error", async () => {
    await withEmulator({ personas: ["default"], auditLog: { events: DATA.events.slice(0, 50) } }, async (emulator) => {
      const failure = executor(emulator).query("SELECT no_such_column FROM system.access.audit", "bad");
      await expect(failure).rejects.toBeInstanceOf(IncompleteError);
      await expect(failure).rejects.toThrow(/bad: statement \S+ FAILED: BAD_REQUEST: .*no_such_column/);
    });
  });
});

interface ApiBody {
  statement_id: string;
  status: { state: string; error?: { error_code: string; message: string } };
  manifest: {
    format: string;
    schema: { columns: { name: string; type_name: string }[] };
    total_row_count: number;
    total_chunk_count: number;
  };
  result: { data_array: string[][] };
  next_chunk_index?: number;
  row_offset?: number;
  error_code?: string;
  message?: string;
}

describe("the emulated Statement Execution API", () => {
  const call = (emulator: RunningEmulator, path: string, body?: unknown) =>
    fetch(`${emulator.workspaces[0]!.url}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { Authorization: `Bearer ${emulator.token}`, "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as ApiBody }));

  it("answers submit, poll and chunks with the real shapes, and rejects bad requests", async () => {
    await withEmulator({ personas: ["default"], auditLog: { chunkRows: 3, minRunMs: 100 } }, async (emulator) => {
      const statement =
        "SELECT action_name, count(*) AS n FROM system.access.audit GROUP BY action_name ORDER BY action_name";
      const submitted = await call(emulator, STATEMENTS_PATH, {
        warehouse_id: EMULATOR_WAREHOUSE_ID,
        statement,
        wait_timeout: "0s",
        on_wait_timeout: "CONTINUE",
      });
      expect(submitted.status).toBe(200);
      expect(["PENDING", "RUNNING"]).toContain(submitted.body.status.state);
      const id = submitted.body.statement_id as string;
      let polled = await call(emulator, `${STATEMENTS_PATH}/${id}`);
      while (polled.body.status.state !== "SUCCEEDED") {
        expect(["PENDING", "RUNNING"]).toContain(polled.body.status.state);
        await new Promise((resolve) => setTimeout(resolve, 30));
        polled = await call(emulator, `${STATEMENTS_PATH}/${id}`);
      }
      const { manifest, result } = polled.body;
      expect(manifest.format).toBe("JSON_ARRAY");
      expect(manifest.schema.columns.map((c: { name: string; type_name: string }) => [c.name, c.type_name])).toEqual([
        ["action_name", "STRING"],
        ["n", "LONG"],
      ]);
      // The default data: a generated set with many distinct actions, so several chunks of 3.
      expect(manifest.total_row_count).toBeGreaterThan(6);
      expect(manifest.total_chunk_count).toBe(Math.ceil(manifest.total_row_count / 3));
      expect(result).toMatchObject({ chunk_index: 0, row_offset: 0, row_count: 3, next_chunk_index: 1 });
      expect(result.data_array[0]!.every((cell: unknown) => typeof cell === "string")).toBe(true);
      const last = await call(emulator, `${STATEMENTS_PATH}/${id}/result/chunks/${manifest.total_chunk_count - 1}`);
      expect(last.status).toBe(200);
      expect(last.body.next_chunk_index).toBeUndefined();
      expect(last.body.row_offset).toBe((manifest.total_chunk_count - 1) * 3);

      const bad = async (body: Record<string, unknown>, status: number, code: string) => {
        const answer = await call(emulator, STATEMENTS_PATH, {
          warehouse_id: EMULATOR_WAREHOUSE_ID,
          statement,
          ...body,
        });
        expect(answer.status).toBe(status);
        expect(answer.body.error_code).toBe(code);
        expect(typeof answer.body.message).toBe("string");
      };
      await bad({ wait_timeout: "3s" }, 400, "INVALID_PARAMETER_VALUE");
      await bad({ wait_timeout: "51s" }, 400, "INVALID_PARAMETER_VALUE");
      await bad({ format: "ARROW_STREAM" }, 400, "INVALID_PARAMETER_VALUE");
      await bad({ warehouse_id: "0000000000000000" }, 404, "RESOURCE_DOES_NOT_EXIST");
      expect((await call(emulator, `${STATEMENTS_PATH}/nope`)).status).toBe(404);
      expect((await call(emulator, `${STATEMENTS_PATH}/${id}/result/chunks/999`)).status).toBe(400);
    });
  });

  it("waits up to wait_timeout and returns the result at once when it is ready", async () => {
    await withEmulator({ personas: ["default"], auditLog: { events: DATA.events } }, async (emulator) => {
      const answer = await call(emulator, STATEMENTS_PATH, {
        warehouse_id: EMULATOR_WAREHOUSE_ID,
        statement: "SELECT count(*) AS n FROM system.access.audit WHERE event_time >= :since",
        parameters: [{ name: "since", value: "2026-11-04 00:00:00", type: "TIMESTAMP" }],
        wait_timeout: "10s",
      });
      expect(answer.body.status.state).toBe("SUCCEEDED");
      const expected = DATA.events.filter((e) => e.time >= Date.parse("2026-11-04T00:00:00Z")).length;
      expect(answer.body.result.data_array).toEqual([[String(expected)]]);
    });
  });
});

describe("a hostile Statement Execution API", () => {
  /** A loopback server answering submit, poll and chunks with the bodies `answer` gives. */
  async function hostile(answer: (method: string, path: string) => unknown) {
    const { createServer } = await import("node:http");
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => {
        res.setHeader("Content-Type", "application/json");
        res.end(JSON.stringify(answer(req.method ?? "", req.url ?? "")));
      });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const { port } = server.address() as { port: number };
    const executor = new WarehouseExecutor({
      host: `http://127.0.0.1:${port}`,
      warehouseId: "abc",
      auth: { mode: "sdk", token: "dapi-test" },
      waitTimeout: "0s",
      pollMs: { first: 10, max: 20 },
      timeoutMs: 5_000,
    });
    return { executor, requests, close: () => new Promise((done) => server.close(done)) };
  }
  const manifest = { format: "JSON_ARRAY", schema: { columns: [{ name: "n", type_name: "LONG", position: 0 }] } };

  it("refuses a statement id that is a path, and sends nothing to it", async () => {
    const server = await hostile(() => ({ statement_id: "../../jobs/runs", status: { state: "PENDING" } }));
    try {
      await expect(server.executor.query("SELECT 1", "probe")).rejects.toThrow(
        /probe: the warehouse returned a statement id that is not one/,
      );
      expect(server.requests).toEqual([`POST ${STATEMENTS_PATH}`]);
    } finally {
      await server.close();
    }
  });

  it("stops when the result chunks point back at a chunk already read", async () => {
    const server = await hostile((method, path) =>
      method === "POST"
        ? {
            statement_id: "01ef-abc",
            status: { state: "SUCCEEDED" },
            manifest,
            result: { chunk_index: 0, data_array: [["1"]], next_chunk_index: 1 },
          }
        : path.includes("/result/chunks/")
          ? { chunk_index: 1, data_array: [["2"]], next_chunk_index: 1 }
          : {},
    );
    try {
      await expect(server.executor.query("SELECT 1", "loop")).rejects.toThrow(/a next-page cursor it had given before/);
      expect(server.requests.filter((r) => r.includes("/chunks/")).length).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });
});
