/**
 * The command line behaves like the tools its users know (issue 14 items 4, 7, 8 and 9): colours that
 * NO_COLOR and --no-color turn off, check selection on scan, iac and checks list, progress that counts and
 * names what is in flight, one error prefix, output options checked before anything is read, a short
 * summary with the reason for the exit code, --workspace with --snapshot.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { FILE_NAMES, FORMATS } from "../src/cli/report-output.ts";
import { startEmulator } from "../src/emulator/server.ts";
import { makeSnapshot, writeSnapshot } from "../src/evidence/snapshot.ts";
import { type ResultsDocument, resultsDocumentSchema } from "../src/reports/results-document.ts";
import { hostileEvidence } from "./reports/fixtures.ts";
import { runCli } from "./support/cli.ts";
import { goodEvidence, NOW } from "./support/evidence.ts";

let dir: string;
let snapshot: string;
const ESC = "\u001b[";

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-conventions-"));
  snapshot = join(dir, "snap.json");
  await writeSnapshot(snapshot, makeSnapshot([goodEvidence(), hostileEvidence()], NOW));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The CLI on streams that say they are terminals, so colour is on unless something turns it off. */
const onTerminal = (args: string[], env: Record<string, string | undefined> = {}) =>
  runCli(args, env, { terminal: true });

async function resultsOf(args: string[]): Promise<{ code: number; stderr: string; document: ResultsDocument }> {
  const output = join(dir, `r-${Math.random().toString(36).slice(2)}.json`);
  const run = await runCli([...args, "--format", "json", "--output", output, "--fail-on", "none"]);
  expect(run.code, run.stderr).toBe(0);
  return { ...run, document: resultsDocumentSchema.parse(JSON.parse(await readFile(output, "utf8"))) };
}

const idsOf = (document: ResultsDocument) =>
  [...new Set(document.workspaces.flatMap((w) => w.results.map((r) => r.checkId)))].sort();

describe("colour (item 7)", () => {
  it("colours a terminal, and NO_COLOR or --no-color turn it off on stdout and stderr", async () => {
    const plain = { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: "xterm" };
    const coloured = await onTerminal(["scan", "--snapshot", snapshot], plain);
    expect(coloured.stdout).toContain(ESC);
    expect(coloured.stderr).toContain(ESC);
    for (const [args, env] of [
      [["scan", "--snapshot", snapshot], { ...plain, NO_COLOR: "1" }],
      [["scan", "--snapshot", snapshot, "--no-color"], plain],
      [["--no-color", "checks", "explain", "NOPE-1"], plain],
      [["checks", "explain", "NOPE-1"], { ...plain, NO_COLOR: "1" }],
    ] as const) {
      const run = await onTerminal([...args], env);
      expect(run.stdout + run.stderr, args.join(" ")).not.toContain(ESC);
      expect(run.stdout + run.stderr).not.toBe("");
    }
    const error = await onTerminal(["checks", "explain", "NOPE-1"], plain);
    expect(error.stderr).toContain(ESC);
  });
});

describe("check selection on scan, iac and checks list (item 7)", () => {
  const expected = (test: (meta: (typeof CHECKS)[number]["meta"]) => boolean) =>
    CHECKS.filter((check) => check.meta.profile === "standard" && test(check.meta))
      .map((check) => check.meta.id)
      .sort();

  it("judges only the selected checks and reports only them", async () => {
    const cases: [string[], string[]][] = [
      [["--checks", "NET-03,IAM-0*"], expected((m) => m.id === "NET-03" || m.id.startsWith("IAM-0"))],
      [
        ["--checks", "net-03", "--checks", "GOV-16"],
        ["GOV-16", "NET-03"],
      ],
      [["--skip-checks", "NET-*,DATA-*"], expected((m) => !m.id.startsWith("NET-") && !m.id.startsWith("DATA-"))],
      [["--severity", "critical,high"], expected((m) => m.severity === "critical" || m.severity === "high")],
      [["--category", "network"], expected((m) => m.category === "network")],
      [["--threat", "ex", "--severity", "high"], expected((m) => m.threats.includes("EX") && m.severity === "high")],
      [["--framework", "cis"], expected((m) => (m.cis ?? []).length > 0)],
      [["--framework", "asb:NS-2"], expected((m) => m.controls.includes("NS-2"))],
    ];
    for (const [args, ids] of cases) {
      expect(ids.length, args.join(" ")).toBeGreaterThan(0);
      const { document } = await resultsOf(["scan", "--snapshot", snapshot, ...args]);
      expect(idsOf(document), args.join(" ")).toEqual(ids);
      expect(document.checks.map((c) => c.id).sort(), args.join(" ")).toEqual(ids);
    }
  });

  it("refuses unknown values and empty selections before reading anything", async () => {
    const missing = join(dir, "no-such-snapshot.json");
    for (const [args, message] of [
      [
        ["--severity", "urgent"],
        /unknown --severity urgent \(Give one or more of: critical, high, medium, low, info\.\)/,
      ],
      [["--category", "networking"], /unknown --category networking/],
      [["--threat", "XX"], /unknown --threat XX \(Give one or more of: AT, EX, IN, RA, PC\.\)/],
      [["--framework", "pci"], /unknown --framework pci/],
      [["--framework", "cis:9.9"], /--framework cis:9\.9: cis has no item 9\.9/],
      [["--checks", "NET-99"], /--checks NET-99: no check has this id/],
      [["--checks", "XYZ-*"], /--checks XYZ-\*: no check matches it/],
      [["--checks", "NET-03", "--skip-checks", "NET-03"], /the check selection leaves no check to judge/],
      [
        ["--checks", "NET-05"],
        /NET-05: a check of the high profile, not judged at --profile standard \(Add --profile high/,
      ],
    ] as const) {
      const run = await runCli(["scan", "--snapshot", missing, ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(message);
      expect(run.stderr).not.toMatch(/no-such-snapshot/);
    }
  });

  it("selects on iac the same way", async () => {
    const tf = join(dir, "main.tf");
    await writeFile(tf, 'resource "azurerm_databricks_workspace" "w" {\n  name = "w"\n  sku  = "standard"\n}\n');
    const { document } = await resultsOf(["iac", tf, "--checks", "GOV-16,NET-01"]);
    expect(idsOf(document)).toEqual(["GOV-16", "NET-01"]);
    const wrong = await runCli(["iac", tf, "--threat", "XX"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^lakeward: error: unknown --threat XX/);
  });

  it('lists on checks list the same way; an unknown value is an error, not "0 checks"', async () => {
    const network = await runCli(["checks", "list", "--category", "network", "--severity", "high"]);
    const ids = CHECKS.filter((c) => c.meta.category === "network" && c.meta.severity === "high").map((c) => c.meta.id);
    expect(
      network.stdout
        .trim()
        .split("\n")
        .slice(0, -1)
        .map((line) => line.split(/\s+/)[0]),
    ).toEqual(ids);
    expect(network.stdout).toContain(`${ids.length} checks`);
    for (const args of [
      ["--threat", "XX"],
      ["--control", "ZZ-9"],
      ["--framework", "nist"],
    ]) {
      const run = await runCli(["checks", "list", ...args]);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^lakeward: error: unknown --/);
    }
  });
});

describe("output options (item 4)", () => {
  it("refuses several formats on stdout, and several into one --output, before reading", async () => {
    const missing = join(dir, "no-such-snapshot.json");
    const stdout = await runCli(["scan", "--snapshot", missing, "--format", "json,html"]);
    expect(stdout.code).toBe(2);
    expect(stdout.stderr).toMatch(
      /--format json,html: several formats would all be written to the terminal.*--output-dir/,
    );
    const one = await runCli(["scan", "--snapshot", missing, "--format", "json,html", "--output", join(dir, "x")]);
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/--output names one file but several formats/);
    const both = await runCli(["scan", "--snapshot", missing, "--output", "a.json", "--output-dir", dir]);
    expect(both.stderr).toMatch(/give one of them/);
  });

  it("--output-dir alone writes every format; only files asked: a short summary and the exit reason", async () => {
    const out = join(dir, "every");
    const run = await runCli(["scan", "--snapshot", snapshot, "--output-dir", out]);
    expect((await readdir(out)).sort()).toEqual(Object.values(FILE_NAMES).sort());
    expect(run.stdout).toContain("lakeward 0.1.0"); // console is one of the formats: the summary is on the terminal
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^exit 1: \d+ failed results? at or above --fail-on low \(\d+ (critical|high)/m);

    const files = await runCli(["scan", "--snapshot", snapshot, "--format", "sarif,json", "--output-dir", out]);
    expect(files.stdout).toBe("");
    expect(files.stderr).toMatch(
      /^lakeward: 2 workspaces · \d+ checks · profile standard: \d+ fail, \d+ unknown, \d+ pass, \d+ n\/a.* · scores \d+–\d+$/m,
    );
    expect(files.stderr).toMatch(/^exit 1: /m);
    const clean = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--format",
      "json",
      "--output",
      join(dir, "c.json"),
      "--fail-on",
      "none",
    ]);
    expect(clean.code).toBe(0);
    expect(clean.stderr).toMatch(/^exit 0: --fail-on none never fails the run \(\d+ below it or suppressed\)/m);
    const quiet = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--format",
      "json",
      "--output",
      join(dir, "q.json"),
      "-q",
    ]);
    expect(quiet.stderr).toBe("");
  });

  it("--output-name names the files with the run's time, so runs do not overwrite each other", async () => {
    const out = join(dir, "named");
    const run = await runCli([
      "scan",
      "--snapshot",
      snapshot,
      "--output-dir",
      out,
      "--output-name",
      "lakeward-{time}",
      "--format",
      "json,html",
    ]);
    const names = (await readdir(out)).sort();
    expect(names).toHaveLength(2);
    const [html, json] = names;
    expect(json).toMatch(/^lakeward-\d{8}T\d{6}Z\.json$/);
    expect(html).toBe(json!.replace(/\.json$/, ".html"));
    const document = resultsDocumentSchema.parse(JSON.parse(await readFile(join(out, json!), "utf8")));
    expect(json).toBe(`lakeward-${document.generatedAt.replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "")}.json`);
    expect(run.stderr).toContain(`wrote ${join(out, json!)}`);
    const bad = await runCli(["scan", "--snapshot", snapshot, "--output-dir", out, "--output-name", "../x"]);
    expect(bad.code).toBe(2);
    expect(FORMATS).toContain("html");
  });
});

describe("errors (items 7 and 9)", () => {
  it("one prefix for every error, commander's usage errors included", async () => {
    for (const args of [
      ["scan", "--bogus"],
      ["scan", "--fail-on", "severe"],
      ["nonsense"],
      ["checks", "explain", "NOPE-1"],
    ]) {
      const run = await runCli(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr, args.join(" ")).toMatch(/^lakeward: error: /);
      expect(run.stderr).not.toMatch(/^error:/m);
    }
  });

  it("iac on a path that does not exist prints only the error", async () => {
    const run = await runCli(["iac", join(dir, "nonexistent")]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/^lakeward: error: .*nonexistent/);
  });

  it("checks explain DET-01 explains the detection", async () => {
    const run = await runCli(["checks", "explain", "det-01"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^DET-01 {2}Burst of failed sign-ins/);
    expect(run.stdout).toContain("an audit-log detection, not a posture check: `lakeward detect --logs DIR`");
  });
});

describe("--workspace with --snapshot (item 8)", () => {
  it("judges only that workspace; a name the snapshot lacks, or a live target, is refused", async () => {
    const { document } = await resultsOf(["scan", "--snapshot", snapshot, "--workspace", "WS"]);
    expect(document.workspaces.map((w) => w.workspace.name)).toEqual(["ws"]);
    const missing = await runCli(["scan", "--snapshot", snapshot, "--workspace", "staging"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--workspace staging: .* holds no workspace of that name \(It holds: ws, /);
    const live = await runCli(["scan", "--snapshot", snapshot, "--subscription", "SUB"]);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/--subscription says what to read live; --snapshot reads nothing live/);
  });
});

describe("progress and problems on a live scan (item 7)", () => {
  it("counts N/M with what is in flight, and prints the problems it counted", async () => {
    const emulator = await startEmulator({ personas: ["default", "standard-sku", "hardened"] });
    try {
      const run = await runCli(
        [
          "scan",
          "--subscription",
          emulator.subscriptionId,
          "--arm-endpoint",
          emulator.armUrl,
          "--parallel",
          "2",
          "--fail-on",
          "none",
        ],
        {
          LAKEWARD_ARM_TOKEN: emulator.token,
          DATABRICKS_TOKEN: emulator.token,
          DATABRICKS_HOST: undefined,
          AZURE_SUBSCRIPTION_ID: undefined,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const progress = run.stderr.split("\n").filter((line) => /^ {2}[✓!] \[\d\/3\]/.test(line));
      expect(progress.map((line) => /\[(\d)\/3\]/.exec(line)![1])).toEqual(["1", "2", "3"]);
      // Two read at once: when the first is done, another is still being read, and the line says which.
      expect(progress[0]).toMatch(/ · reading adb-[a-z-]+/);
      const standard = progress.find((line) => line.includes("adb-standard"))!;
      const counted = Number(/· (\d+) problems/.exec(standard)![1]);
      expect(counted).toBeGreaterThan(1);
      // The console prints each distinct problem once with the reads it came from ("— N reads: …" or one read):
      // on the standard SKU, the APIs missing on that tier and the ACL fan-out that summarises its failed reads.
      const section = run.stdout.slice(run.stdout.search(/^adb-standard {2}http/m)).split(/\n(?=\S)/)[0]!;
      const problemLines = section
        .replace(/\n {4}/g, " ")
        .split("\n")
        .filter((line) => /^ {2}! /.test(line));
      expect(problemLines.some((line) => /! not available on this workspace.*? — \d+ reads: GET/.test(line))).toBe(
        true,
      );
      const listed = problemLines.reduce((sum, line) => sum + Number(/ — (\d+) reads: /.exec(line)?.[1] ?? 1), 0);
      expect(listed).toBe(counted);
    } finally {
      await emulator.close();
    }
  });
});
