// The V8 flags lakeward runs with (bin/lakeward.js starts the real process with them; bench/iac starts
// itself with them, so it measures what the command does).
//
// --max-semi-space-size=16: V8 lets the young generation grow to 2 × 64 MiB on a 64-bit machine with this
// much memory; that space stays committed (resident) once grown. A large IaC scan (npm run bench:iac, 5,000
// files) peaked at 514–604 MiB with the default and at about 410 MiB with 16 MiB semi-spaces, at the same
// speed (smaller semi-spaces fit the caches better; 8 MiB was slower, 32 MiB saved less). docs/performance.md.
export const V8_FLAGS = ["--max-semi-space-size=16"];

/** Whether this process already runs with every flag. */
export function hasV8Flags(execArgv = process.execArgv) {
  return V8_FLAGS.every((flag) => execArgv.includes(flag));
}
