import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedDocs } from "../src/docs/generate.ts";

const root = new URL("..", import.meta.url).pathname;

describe("generated documentation", () => {
  const files = generatedDocs();
  it.each(files.map((file) => [file.path, file] as const))("%s is up to date (run `npm run docs`)", (_path, file) => {
    expect(readFileSync(join(root, file.path), "utf8")).toBe(file.content);
  });
  it("has no page for a check that no longer exists", () => {
    const pages = readdirSync(join(root, "docs/checks")).map((name) => `docs/checks/${name}`);
    expect(pages.sort()).toEqual(
      files
        .filter((f) => f.path.startsWith("docs/checks/"))
        .map((f) => f.path)
        .sort(),
    );
  });
});

describe("the published JSON Schemas describe real output", () => {
  it("a demo results document and snapshot validate against docs/schema", async () => {
    const { Ajv2020 } = await import("ajv/dist/2020.js");
    const { startEmulator } = await import("../src/emulator/server.ts");
    const { collectEmulator } = await import("./support/emulator.ts");
    const { judge } = await import("../src/cli/judge.ts");
    const { makeSnapshot } = await import("../src/evidence/snapshot.ts");
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const results = ajv.compile(JSON.parse(readFileSync(join(root, "docs/schema/results.schema.json"), "utf8")));
    const snapshot = ajv.compile(JSON.parse(readFileSync(join(root, "docs/schema/snapshot.schema.json"), "utf8")));
    const emulator = await startEmulator();
    try {
      const evidence = await collectEmulator(emulator);
      const document = JSON.parse(JSON.stringify(judge(evidence, "high")));
      expect(results(document), JSON.stringify(results.errors?.slice(0, 3))).toBe(true);
      expect(
        snapshot(JSON.parse(JSON.stringify(makeSnapshot(evidence)))),
        JSON.stringify(snapshot.errors?.slice(0, 3)),
      ).toBe(true);
      // And the schema is not vacuous: a broken document fails it.
      document.workspaces[0].results[0].status = "passed";
      expect(results(document)).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});
