/**
 * Benchmark of `lakeward iac` (`npm run bench:iac`). Not part of `npm test`.
 *
 *   1. replicates the shared corpus (../shared/corpus/{tf,arm,bicep}) into a temporary directory until it
 *      holds at least --files files (default 5,000): one configuration directory per copy, as a
 *      repository of many small stacks would be laid out;
 *   2. runs what `lakeward iac DIR --profile high` runs, in this process: discovery, HCL / JSON parsing,
 *      evaluation, evidence mapping and every check, with the results document built;
 *      The JSON results document is rendered in the pieces `--format json` writes (its bytes are counted,
 *      not written to disk);
 *   3. reports files per second and the resident set size high-water mark (VmHWM, /proc/self/status,
 *      with a 50 ms sampler as a fallback), taken before step 4;
 *   4. measures the floor: only reading and parsing the same files (HCL with lakeward's parsers into its
 *      syntax tree, JSON with its JSON parser; Bicep is read, never parsed, as the scan does), after the
 *      scan so the floor, not the scan, has the warmed-up JIT; prints `parseOnlySeconds` and
 *      `ratioToParse` (scan time / floor);
 *   5. writes the figures with the command that reproduces them and the machine's load (uptime) into the
 *      section "## IaC scanning" of docs/performance.md (nothing else in that file is touched);
 *   6. removes the temporary directory, and stops itself after --timeout-minutes (default 15).
 *
 * It runs with the V8 flags of bin/v8-flags.json, as `lakeward` does (it starts itself again with them).
 *
 * Options: --files N, --no-docs, --timeout-minutes M.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import V8_FLAGS from "../../bin/v8-flags.json" with { type: "json" };
import { parseConfigJson } from "../../src/iac/errors.ts";
import { parseHcl } from "../../src/iac/hcl/parse.ts";
import { readIacText } from "../../src/iac/read.ts";
import { judgeIac, scanIac } from "../../src/iac/scan.ts";
import { renderJsonChunks } from "../../src/reports/results-document.ts";
import { flag, formatDocs, option, RssSampler, stopAfter, vmHwm } from "../support.ts";

// The scan runs in this process: with the V8 flags `lakeward` itself runs with (bin/v8-flags.json), so the
// figures are the command's.
if (!V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  const run = spawnSync(process.execPath, [...V8_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
  });
  process.exit(run.status ?? 1);
}

const root = new URL("../..", import.meta.url).pathname;
const corpus = join(root, "..", "shared", "corpus");
const target = Number(option("--files", "5000"));
const writeDocs = !flag("--no-docs");
const timeoutMinutes = Number(option("--timeout-minutes", "15"));

stopAfter("bench:iac", timeoutMinutes);

const rss = new RssSampler();

const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

async function main(): Promise<void> {
  const sources: string[] = [];
  for (const kind of ["tf", "arm", "bicep"]) {
    try {
      for (const name of (await readdir(join(corpus, kind))).sort()) sources.push(join(corpus, kind, name));
    } catch {
      console.error(`bench:iac: the shared corpus is not at ${corpus}; nothing to measure`);
      process.exit(2);
    }
  }
  const dir = await mkdtemp(join(tmpdir(), "lakeward-bench-iac-"));
  try {
    let files = 0;
    let bytes = 0;
    const copies: string[] = [];
    for (let copy = 0; files < target; copy++) {
      for (const source of sources) {
        if (files >= target) break;
        const config = join(dir, `stack-${String(copy).padStart(4, "0")}-${files % sources.length}`);
        await mkdir(config, { recursive: true });
        const name = source.endsWith(".tf") ? "main.tf" : source.endsWith(".bicep") ? "main.bicep" : "azuredeploy.json";
        await copyFile(source, join(config, name));
        copies.push(join(config, name));
        bytes += (await readFile(source)).length;
        files++;
      }
    }
    console.error(`bench:iac: ${files} files (${mib(bytes)}) from ${sources.length} corpus files in ${dir}`);
    const loadBefore = loadavg();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let scan: Awaited<ReturnType<typeof scanIac>> | undefined = await scanIac([dir]);
    const scanned = performance.now();
    let { document } = judgeIac(scan, "high");
    const judged = performance.now();
    // As `lakeward iac` does, the scan (texts, syntax trees, evidence) is let go once judged, before writing.
    const scanCounts = { inputs: scan.inputs.length, errors: scan.errors.length };
    scan = undefined;
    let jsonBytes = 0;
    for (const piece of renderJsonChunks(document)) jsonBytes += piece.length;
    const finished = performance.now();
    const cpu = process.cpuUsage(cpuBefore);
    const seconds = (finished - started) / 1000;
    const peak = Math.max((await vmHwm()) ?? 0, rss.peak);
    // Verdicts, to compare runs before and after a change: one line per result (workspace, check, status),
    // sorted, hashed. The copies' temporary directory is cut off so two runs give the same digest.
    const verdicts = document.workspaces
      .flatMap((w) => w.results.map((r) => `${w.workspace.name.replaceAll(dir, "")}\t${r.checkId}\t${r.status}`))
      .sort();
    const verdictDigest = createHash("sha256").update(verdicts.join("\n")).digest("hex").slice(0, 16);
    const counts = {
      configurations: scanCounts.inputs,
      workspaces: document.workspaces.length,
      results: document.workspaces.reduce((sum, w) => sum + w.results.length, 0),
      inputErrors: scanCounts.errors,
      verdictDigest,
    };
    // Released before the floor is measured.
    document = undefined as unknown as typeof document;
    const floorCpuBefore = process.cpuUsage();
    const parseOnlySeconds = await parseOnly(copies);
    const floorCpu = process.cpuUsage(floorCpuBefore);
    const loadAfter = loadavg();
    const figures = {
      files,
      ...counts,
      seconds: Number(seconds.toFixed(2)),
      readSeconds: Number(((scanned - started) / 1000).toFixed(2)),
      judgeSeconds: Number(((judged - scanned) / 1000).toFixed(2)),
      jsonSeconds: Number(((finished - judged) / 1000).toFixed(2)),
      filesPerSecond: Math.round(files / seconds),
      peakRss: mib(peak),
      resultsJson: mib(jsonBytes),
      parseOnlySeconds: Number(parseOnlySeconds.toFixed(2)),
      ratioToParse: Number((seconds / parseOnlySeconds).toFixed(2)),
      // CPU time (user + system) of this process: on a machine others load, the wall figures above grow with
      // the load while these do not.
      cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(2)),
      parseOnlyCpuSeconds: Number(((floorCpu.user + floorCpu.system) / 1e6).toFixed(2)),
      load: `${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(" ")} after`,
    };
    console.log(JSON.stringify(figures, null, 2));
    if (writeDocs) await updateDocs(figures);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The floor: every file read through the same reader and parsed by the same parser as in the scan, nothing
 * evaluated, mapped or judged. Syntax errors count as parsed (the corpus has none).
 */
async function parseOnly(paths: readonly string[]): Promise<number> {
  const started = performance.now();
  for (const path of paths) {
    if (path.endsWith(".tf")) await parseHcl(path, await readIacText(path, "hcl"));
    else if (path.endsWith(".json")) parseConfigJson(path, await readIacText(path, "json"));
    else await readFile(path, "utf8");
  }
  return (performance.now() - started) / 1000;
}

/** A Markdown table with padded columns, as the repository's formatter writes them. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(3, ...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(rows[0]!), line(widths.map((w) => "-".repeat(w))), ...rows.slice(1).map(line)].join("\n");
}

async function updateDocs(f: Record<string, string | number>): Promise<void> {
  const path = join(root, "docs", "performance.md");
  const text = await readFile(path, "utf8").catch(() => "# Performance\n");
  const node = process.version;
  const section = `## IaC scanning

\`lakeward iac\` over the shared corpus (Terraform, ARM and Bicep files) replicated to ${f.files} files, one
configuration directory per copy, judged with the \`high\` profile in one process (discovery, parsing,
evaluation, evidence, every check, the results document), with lakeward's V8 flags (\`${V8_FLAGS.join(" ")}\`,
bin/v8-flags.json). Machine: ${cpus().length} cores, ${mib(totalmem())},
Node ${node}.

${table([
  ["figure", "value"],
  ["files", `${f.files} (${f.configurations} configurations, ${f.workspaces} workspaces, ${f.results} results)`],
  [
    "wall time",
    `${f.seconds} s (reading and mapping ${f.readSeconds} s, judging ${f.judgeSeconds} s, JSON ${f.jsonSeconds} s)`,
  ],
  ["files per second", String(f.filesPerSecond)],
  ["CPU time of the scan", `${f.cpuSeconds} s`],
  ["parse-only floor (`parseOnlySeconds`)", `${f.parseOnlySeconds} s wall, ${f.parseOnlyCpuSeconds} s CPU`],
  ["scan / floor (`ratioToParse`)", String(f.ratioToParse)],
  ["peak memory (RSS high-water mark)", String(f.peakRss)],
  ["results document", `${f.resultsJson} of JSON (rendered in pieces, never one string)`],
  ["input errors", String(f.inputErrors)],
  ["machine load (1, 5, 15 min)", String(f.load)],
])}

Goal (issue 15 item 12): at least 1,000 files per second and at most 512 MiB: ${
    Number(f.filesPerSecond) >= 1000 ? "speed reached" : `speed **not reached** (${f.filesPerSecond} files/s)`
  }, ${Number.parseInt(String(f.peakRss), 10) <= 512 ? "memory reached" : `memory **not reached** (${f.peakRss})`}.
The floor is reading every file and parsing it with the same parsers (HCL with lakeward's hand-written
parser, src/iac/hcl/fast-parse.ts, which hands what it does not handle to tree-sitter in WebAssembly; JSON
with jsonc-parser). Since that parser the floor is a small part of the scan: the rest is evaluating,
mapping and judging every configuration and writing the results document. The machine is shared: with a
load above its ${cpus().length} cores the wall figures grow while the CPU figures hold.

Reproduce: \`npm run bench:iac\` (options: \`-- --files N\`, \`-- --no-docs\`). It writes the copies into a temporary
directory, removes it afterwards, and stops itself after 15 minutes.
`;
  const start = text.indexOf("## IaC scanning");
  let next: string;
  if (start >= 0) {
    const after = text.indexOf("\n## ", start + 3);
    next = `${text.slice(0, start)}${section}${after >= 0 ? text.slice(after) : ""}`;
  } else next = `${text.trimEnd()}\n\n${section}`;
  await writeFile(path, next);
  formatDocs(path);
  console.error(`bench:iac: wrote the figures into ${path}`);
}

await main();
