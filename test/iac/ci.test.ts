/**
 * The CI recipes of docs/ci.md are tested as far as can be here: both YAML blocks parse, have the steps
 * their platform needs, and every `lakeward …` command line in them runs — as the real CLI, in a
 * working directory where `infra/` is a Terraform fixture — with the documented exit codes and outputs.
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURES } from "./support.ts";

const root = new URL("../..", import.meta.url).pathname;
const bin = join(root, "bin", "lakeward.js");
const node = join(root, "node_modules", ".bin", "node");

type Yaml = Record<string, unknown>;

async function recipes(): Promise<{ github: Yaml; azure: Yaml }> {
  const text = await readFile(join(root, "docs", "ci.md"), "utf8");
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  expect(blocks).toHaveLength(2);
  return { github: parse(blocks[0]!) as Yaml, azure: parse(blocks[1]!) as Yaml };
}

/** Every command line that starts with `lakeward`, from `run:` (GitHub) or `script:` (Azure) steps. */
function commandLines(steps: Yaml[], key: "run" | "script"): string[] {
  return steps
    .map((step) => step[key])
    .filter((cmd): cmd is string => typeof cmd === "string")
    .flatMap((cmd) => cmd.split("\n"))
    .map((line) => line.trim())
    .filter((line) => line.startsWith("lakeward "));
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "lakeward-ci-"));
  await symlink(join(FIXTURES, "personas", "default"), join(cwd, "infra"));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

function run(line: string): { status: number | null; stdout: string; stderr: string } {
  const args = line.split(/\s+/).slice(1);
  const result = spawnSync(node, [bin, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Two CLI runs of up to 60 s each (spawnSync's timeout): on a loaded machine one takes 20 s and more. */
const CLI_RUNS_TIMEOUT = 150_000;

describe("GitHub Actions recipe", () => {
  it(
    "parses, uploads SARIF with security-events permission, and its lakeward commands run",
    async () => {
      const { github } = await recipes();
      const jobs = github.jobs as Record<string, { steps: Yaml[] }>;
      const steps = jobs.iac!.steps;
      expect((github.permissions as Yaml)["security-events"]).toBe("write");
      const upload = steps.find((s) => String(s.uses).startsWith("github/codeql-action/upload-sarif"));
      expect(((upload?.with ?? {}) as Yaml).sarif_file).toBe("lakeward.sarif");
      const lines = commandLines(steps, "run");
      expect(lines).toHaveLength(2);
      const report = run(lines[0]!);
      expect(report.status, report.stderr).toBe(0);
      const sarif = JSON.parse(await readFile(join(cwd, "lakeward.sarif"), "utf8"));
      expect(sarif.version).toBe("2.1.0");
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^infra\/main\.tf$/);
      const gate = run(lines[1]!);
      expect(gate.status).toBe(1); // the default persona fails high checks
      expect(gate.stdout).toContain("adb-default");
    },
    CLI_RUNS_TIMEOUT,
  );
});

describe("Azure DevOps recipe", () => {
  it(
    "parses, publishes JUnit, and its lakeward commands run",
    async () => {
      const { azure } = await recipes();
      const steps = azure.steps as Yaml[];
      const publish = steps.find((s) => s.task === "PublishTestResults@2");
      expect(((publish?.inputs ?? {}) as Yaml).testResultsFormat).toBe("JUnit");
      expect(((publish?.inputs ?? {}) as Yaml).testResultsFiles).toBe("lakeward-junit.xml");
      const lines = commandLines(steps, "script");
      expect(lines).toHaveLength(2);
      const report = run(lines[0]!);
      expect(report.status, report.stderr).toBe(0);
      const junit = await readFile(join(cwd, "lakeward-junit.xml"), "utf8");
      expect(junit).toMatch(/<testsuites/);
      expect(junit).toMatch(/<failure/);
      expect(run(lines[1]!).status).toBe(1);
    },
    CLI_RUNS_TIMEOUT,
  );
});
