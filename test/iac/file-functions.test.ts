/**
 * Issue 10 item 1: HCL file functions read only inside the configuration's directory tree. A configuration
 * with `name = "ws-${file("/proc/self/environ")}"` used to put the scanner's environment (tokens included)
 * into every report; now the call is refused with an error at its file and line, the value is unknown, the
 * rest is judged, and a canary environment variable of the real process appears in no output.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { unescaped } from "../support/unescape.ts";

const ENV_CANARY = "CanaryIacEnvironToken-4Qz8";
const FILE_CANARY = "CanaryIacOutsideFile-7Wx2";
const LINK_CANARY = "CanaryIacSymlinkTarget-1Ev5";
const bin = new URL("../../bin/lakeward.js", import.meta.url).pathname;

// biome-ignore-start lint/suspicious/noTemplateCurlyInString: HCL interpolations, not JS templates
const MAIN = `resource "azurerm_databricks_workspace" "w" {
  name                = "ws-\${file("/proc/self/environ")}"
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "premium"
  tags = {
    encoded  = filebase64("/proc/self/environ")
    template = templatefile("/proc/self/environ", {})
    exists   = fileexists("/etc/passwd") ? "yes" : "no"
    listing  = join(",", fileset("/etc", "*"))
    hashed   = filesha256("/proc/self/environ")
  }
  public_network_access_enabled = false
}

resource "azurerm_databricks_workspace" "outside" {
  name = "ws-\${file("\${path.module}/../outside.txt")}"
  sku  = "premium"
}

resource "azurerm_databricks_workspace" "link" {
  name = "ws-\${file("link.txt")}"
  sku  = "premium"
}

resource "azurerm_databricks_workspace" "inside" {
  name                = trimspace(file("\${path.module}/files/name.txt"))
  resource_group_name = "rg"
  location            = "westeurope"
  sku                 = "premium"
  tags = {
    owner    = file("\${path.module}/files/owner.txt")
    rendered = templatefile("\${path.module}/files/tag.tpl", { team = "data" })
    present  = fileexists("files/owner.txt") ? "yes" : "no"
    names    = join(",", fileset(path.module, "files/*.txt"))
  }
}
`;
// biome-ignore-end lint/suspicious/noTemplateCurlyInString: HCL interpolations, not JS templates

let dir: string;
let run: { code: number; stdout: string; stderr: string };
const outputs: { what: string; text: string }[] = [];

function lakeward(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-iac-files-"));
  const config = join(dir, "config");
  await mkdir(join(config, "files"), { recursive: true });
  await writeFile(join(config, "main.tf"), MAIN);
  await writeFile(join(config, "files", "owner.txt"), "platform-team");
  await writeFile(join(config, "files", "name.txt"), "ws-from-file\n");
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform template, not a JS template
  await writeFile(join(config, "files", "tag.tpl"), "team-${team}");
  await writeFile(join(dir, "outside.txt"), FILE_CANARY);
  await writeFile(join(dir, "target.txt"), LINK_CANARY);
  await symlink(join(dir, "target.txt"), join(config, "link.txt"));
  const reports = join(dir, "reports");
  const formats = ["console", "json", "sarif", "junit", "csv", "markdown", "html"];
  // A child process: /proc/self/environ holds the environment the process was started with.
  run = await lakeward(["iac", config, "--profile", "high", "--format", formats.join(","), "--output-dir", reports], {
    LAKEWARD_TEST_CANARY: ENV_CANARY,
    DATABRICKS_TOKEN: ENV_CANARY,
  });
  outputs.push({ what: "stdout", text: run.stdout }, { what: "stderr", text: run.stderr });
  for (const name of await readdir(reports))
    outputs.push({ what: name, text: await readFile(join(reports, name), "utf8") });
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("file functions are confined to the configuration", () => {
  it("each refused call is an input error at its file and line; exit 2", () => {
    expect(run.code).toBe(2);
    const errors = run.stderr.split("\n").filter((line) => line.startsWith("lakeward: error:"));
    const at = (line: number, fn: string) =>
      expect(
        errors.some((e) => e.includes(`config/main.tf:${line}: ${fn}(`) && e.includes("refused")),
        `${fn} at line ${line}`,
      ).toBe(true);
    at(2, "file");
    at(7, "filebase64");
    at(8, "templatefile");
    at(9, "fileexists");
    at(10, "fileset");
    at(11, "filesha256");
    at(17, "file");
    at(22, "file");
    expect(run.stderr).toMatch(/link\.txt.*symbolic link to a place outside/);
  });

  it("the workspaces are still judged; files inside the configuration are read", async () => {
    const text = outputs.find((o) => o.what === "results.json")!.text;
    const document = JSON.parse(text) as {
      workspaces: { workspace: { name: string }; results: { checkId: string; status: string }[] }[];
    };
    const names = document.workspaces.map((w) => w.workspace.name).sort();
    // The refused name is unknown, so the workspace is named by its address.
    expect(names).toEqual([
      "azurerm_databricks_workspace.link",
      "azurerm_databricks_workspace.outside",
      "azurerm_databricks_workspace.w",
      "ws-from-file",
    ]);
    const refused = document.workspaces.find((w) => w.workspace.name === "azurerm_databricks_workspace.w")!;
    expect(refused.results.find((r) => r.checkId === "NET-06")?.status).toBe("pass");
    // GOV-07 reads the tags: the values read inside the configuration are the evidence.
    expect(text).toContain("platform-team");
    expect(text).toContain("team-data");
    expect(text).toContain("files/name.txt,files/owner.txt");
    expect(text).toMatch(/"present":\s*"yes"/);
  });

  it.each([ENV_CANARY, FILE_CANARY, LINK_CANARY])("%s appears in no output", (canary) => {
    // The canaries are really there to be read (so this search can fail).
    expect(existsSync("/proc/self/environ")).toBe(true);
    expect(outputs.length).toBeGreaterThanOrEqual(9);
    for (const { what, text } of outputs) {
      expect(text, what).not.toContain(canary);
      expect(unescaped(text), what).not.toContain(canary);
    }
  });
});
