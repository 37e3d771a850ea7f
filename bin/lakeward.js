#!/usr/bin/env node
// lakeward runs on Node.js 24 LTS. In a clone its TypeScript sources (src/) run directly on Node's type
// stripping; an installed package carries them compiled (dist/, built by `npm pack`), because Node strips
// types only outside node_modules.
//
// When an older Node starts this file (the host's Node 20, say), it re-runs itself on the Node 24 binary
// that the `node` dependency brought with `npm install`; on Node 24 it re-runs itself once to add its V8
// flags (bin/v8-flags.json). The launcher then only waits: SIGINT, SIGTERM and
// SIGHUP are passed on to the real process (so `kill`, a CI timeout or a supervisor stop it too, instead
// of leaving it running), and the launcher ends the way the real process ended (its exit code, or the
// same signal).
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const FORWARDED = ["SIGINT", "SIGTERM", "SIGHUP"];

// The V8 flags lakeward runs with (bin/v8-flags.json; bench:iac starts itself with the same ones).
// --max-semi-space-size=16: V8 lets the young generation grow to 2 × 64 MiB on a 64-bit machine with this much
// memory, and that space stays resident once grown. `npm run bench:iac` (5,000 files) peaked at 507–615 MiB
// with the default and at 410–460 MiB with 16 MiB semi-spaces, at the same speed (docs/performance.md).
const V8_FLAGS = JSON.parse(readFileSync(new URL("./v8-flags.json", import.meta.url), "utf8"));
const hasV8Flags = () => V8_FLAGS.every((flag) => process.execArgv.includes(flag));

// Set in the real process's environment: the launcher's pid. SIGKILL cannot be passed on, so a real process
// whose launcher is gone (`kill -9` of the pid a supervisor or a user holds) ends itself the same way rather
// than run on unseen.
const LAUNCHER_PID = "LAKEWARD_LAUNCHER_PID";

/** The Node 24 binary of the `node` package, wherever npm put it (nested, hoisted or in a clone). */
function bundledNode() {
  const candidates = [];
  try {
    candidates.push(join(dirname(createRequire(import.meta.url).resolve("node/package.json")), "bin", "node"));
  } catch {
    // not installed: the message below says what to do
  }
  candidates.push(fileURLToPath(new URL("../node_modules/node/bin/node", import.meta.url)));
  return candidates.find((candidate) => existsSync(candidate));
}

/** Runs this file again on `node` with lakeward's V8 flags (bin/v8-flags.json), and ends as that process ends. */
function relaunch(node) {
  if (!node) {
    console.error(
      `lakeward: error: lakeward needs Node.js 24 or newer, found ${process.version} (run \`npm install\` in the lakeward folder, which brings Node 24, or install Node.js 24 LTS)`,
    );
    process.exit(2);
  }
  const child = spawn(node, [...V8_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, [LAUNCHER_PID]: String(process.pid) },
  });
  // A signal sent to the whole process group (Ctrl-C in a terminal) reaches the real process as well;
  // lakeward's own handlers take a repeated signal as one.
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);
  child.on("error", (error) => {
    console.error(`lakeward: error: could not start ${node}: ${error.message}`);
    process.exit(2);
  });
  child.on("exit", (code, signal) => {
    for (const name of FORWARDED) process.off(name, forward);
    if (signal) {
      process.kill(process.pid, signal);
      // Not every signal ends a process by default; then exit as a shell reports a signal death.
      setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 200).unref();
      return;
    }
    process.exit(code ?? 1);
  });
}

/** In a process the launcher started: ends it (as by SIGKILL) once the launcher is gone. */
function watchLauncher() {
  const launcher = Number(process.env[LAUNCHER_PID]);
  // Not for the processes lakeward itself starts: they have their own launcher, or none.
  delete process.env[LAUNCHER_PID];
  if (!Number.isInteger(launcher) || launcher <= 0 || process.ppid !== launcher) return;
  setInterval(() => {
    if (process.ppid !== launcher) process.kill(process.pid, "SIGKILL");
  }, 200).unref();
}

async function run() {
  watchLauncher();
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

  const source = new URL("../src/cli/main.ts", import.meta.url);
  const entry = existsSync(fileURLToPath(source)) ? source : new URL("../dist/cli/main.js", import.meta.url);
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv);
}

// On Node 24 or newer without lakeward's V8 flags (`node bin/lakeward.js`, or the `lakeward` command) the
// same Node runs it again with them: about 0.1 s more at start, against 100-190 MiB less memory on a large
// scan (bin/v8-flags.json).
// Not `serve`: the process a supervisor starts must be the server itself (its pid is what the supervisor
// signals and what the store's run claims name), so it runs without the flags rather than under a launcher.
const isServe = process.argv.slice(2).find((arg) => !arg.startsWith("-")) === "serve";
if (Number(process.versions.node.split(".")[0]) < 24) relaunch(bundledNode());
else if (!hasV8Flags() && !isServe) relaunch(process.execPath);
else await run();
