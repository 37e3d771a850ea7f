/**
 * Benchmark of the notebook credential scanner (`npm run bench:credentials`). Not part of `npm test`.
 *
 * Scans inputs of growing size — realistic notebook code, a real credential among it, and the hostile
 * single-word texts that made the old backtracking scanner quadratic (issue 10: 256 KB of "password" took
 * 4.3 s) — and prints the milliseconds per input and per MB, so linear growth shows as a flat ms/MB
 * column. Each figure is the median of --repeat runs (default 5). Options: --repeat N.
 */
import { scanForCredentials } from "../../src/redact/credential-scanner.ts";
import { option, stopAfter } from "../support.ts";

stopAfter("bench:credentials", 10);
const repeat = Number(option("--repeat", "5"));

const code = [
  "# Databricks notebook source",
  'df = spark.read.format("delta").load("abfss://raw@datalake.dfs.core.windows.net/sales")',
  "df = df.filter(df.amount > 0).groupBy(\"region\").agg({'amount': 'sum'})",
  'key = dbutils.secrets.get("app", "api-key")  # the right way',
  "display(df)",
].join("\n");
const leak = 'jdbc_password = "hunter2hunter2"\n';

const inputs: [string, (size: number) => string][] = [
  ["notebook code", (size) => `${code}\n`.repeat(Math.ceil(size / (code.length + 1))).slice(0, size)],
  [
    "code + one credential",
    (size) => `${`${code}\n`.repeat(Math.ceil(size / (code.length + 1))).slice(0, size - leak.length)}${leak}`,
  ],
  ['"password" repeated', (size) => "password".repeat(Math.ceil(size / 8)).slice(0, size)],
  ['"password = " repeated', (size) => "password = ".repeat(Math.ceil(size / 11)).slice(0, size)],
  ['"pwd=" lines', (size) => "pwd=\n".repeat(Math.ceil(size / 5)).slice(0, size)],
];
const sizes = [64_000, 256_000, 1_000_000];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

scanForCredentials(inputs[1]![1](64 * 1024)); // warm up the regex automata
console.log(`credential scanner, median of ${repeat} runs (Node ${process.version}):`);
console.log(`${"input".padEnd(24)}${sizes.map((s) => `${s / 1000} KB`.padStart(12)).join("")}   ms/MB at 1 MB`);
for (const [name, make] of inputs) {
  const cells: string[] = [];
  let perMb = 0;
  for (const size of sizes) {
    const text = make(size);
    const times: number[] = [];
    for (let i = 0; i < repeat; i++) {
      const started = performance.now();
      const scan = scanForCredentials(text);
      times.push(performance.now() - started);
      if (scan.notScanned) throw new Error(`${name} at ${size}: not scanned in full (${scan.notScanned})`);
    }
    const ms = median(times);
    cells.push(`${ms.toFixed(1)} ms`.padStart(12));
    perMb = ms / (size / 1_000_000);
  }
  console.log(`${name.padEnd(24)}${cells.join("")}   ${perMb.toFixed(0)}`);
}
