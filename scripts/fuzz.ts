/**
 * `npm run fuzz` — the fuzz properties (every `*.fuzz.test.ts`) with more runs than CI gives them, then a
 * table of what ran. CI runs the same tests inside `npm test` with each property's own small run count.
 *
 *   npm run fuzz                         1,000 runs per property
 *   npm run fuzz -- --runs 20000         a number of runs per property
 *   npm run fuzz -- --seconds 300        each property for five minutes instead
 *   npm run fuzz -- --seed 1234 [name]   replay a failure (fast-check prints the seed); name filters tests
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  options: {
    runs: { type: "string" },
    seconds: { type: "string" },
    seed: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
  allowPositionals: true,
});

if (values.help) {
  process.stdout.write(`${readFileSync(new URL(import.meta.url), "utf8").split("*/")[0]}*/\n`);
  process.exit(0);
}

const whole = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) {
    process.stderr.write(`fuzz: --${name} ${value}: give a positive whole number\n`);
    process.exit(2);
  }
  return value;
};
const seconds = whole("seconds", values.seconds);
const runs = whole("runs", values.runs) ?? (seconds ? undefined : "1000");
const seed = values.seed;
if (seed !== undefined && !/^-?\d+$/.test(seed)) {
  process.stderr.write(`fuzz: --seed ${seed}: give the integer fast-check printed\n`);
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), "lakeward-fuzz-report-"));
const report = join(dir, "figures.jsonl");
const vitest = new URL("../node_modules/vitest/vitest.mjs", import.meta.url).pathname;
const started = Date.now();
const result = spawnSync(
  process.execPath,
  [vitest, "run", "fuzz.test", ...(positionals.length ? ["-t", positionals.join(" ")] : [])],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      LAKEWARD_FUZZ_REPORT: report,
      ...(runs ? { LAKEWARD_FUZZ_RUNS: runs } : {}),
      ...(seconds ? { LAKEWARD_FUZZ_SECONDS: seconds } : {}),
      ...(seed !== undefined ? { LAKEWARD_FUZZ_SEED: seed } : {}),
    },
  },
);

let figures: { name: string; runs: number; ms: number }[] = [];
try {
  figures = readFileSync(report, "utf8")
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
} catch {
  // No property ran (a filter that matched nothing): vitest said so.
}
rmSync(dir, { recursive: true, force: true });
if (figures.length) {
  const width = Math.max(...figures.map((f) => f.name.length));
  process.stdout.write("\nfuzz figures (cases run, including shrinking; wall time per property):\n");
  for (const f of figures.sort((a, b) => a.name.localeCompare(b.name)))
    process.stdout.write(
      `  ${f.name.padEnd(width)}  ${String(f.runs).padStart(8)} cases  ${(f.ms / 1000).toFixed(1)} s\n`,
    );
  const total = figures.reduce((sum, f) => sum + f.runs, 0);
  process.stdout.write(
    `  ${figures.length} properties, ${total} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
process.exit(result.status ?? 1);
