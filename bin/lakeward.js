#!/usr/bin/env node
// lakeward runs on Node.js 24 LTS; its TypeScript sources run directly on Node's type stripping.
// When an older Node starts this file (the host's Node 20, say), re-run it on the Node 24 binary
// that `npm install` brought into node_modules through the `node` dev dependency.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major < 24) {
  const bundled = fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url));
  if (!existsSync(bundled)) {
    console.error(
      `lakeward needs Node.js 24 or newer, found ${process.version}. Run \`npm install\` in the lakeward folder (it brings Node 24), or install Node.js 24 LTS.`,
    );
    process.exit(2);
  }
  const child = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  if (child.error) {
    console.error(`lakeward: could not start ${bundled}: ${child.error.message}`);
    process.exit(2);
  }
  process.exit(child.status ?? (child.signal ? 128 : 1));
}

// A reader that stops early (`lakeward checks list | head`) closes the pipe: finish quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// The Databricks SDK runs the Azure CLI through a shell with fixed arguments; Node's DEP0190 warning about
// that says nothing a lakeward user can act on, so it is not shown. Every other warning still is.
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = (warning, ...rest) => {
  const code = typeof rest[0] === "object" && rest[0] !== null ? rest[0].code : rest[1];
  if (code === "DEP0190") return;
  emitWarning(warning, ...rest);
};

const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
