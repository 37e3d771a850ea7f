/**
 * `lakeward iac PATH...`: finds the configurations under the paths (Terraform directories and files,
 * `terraform show -json` plans, ARM templates with their parameter files, Bicep sources), reads each
 * into evidence, and judges the evidence with the same checks as a live scan. A file that cannot be
 * read is an input error with its file and line; the other files are still judged.
 */
import { readdirSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import PQueue from "p-queue";
import { CHECKS } from "../checks/registry.ts";
import type { Check, Profile } from "../checks/types.ts";
import type { LakewardConfig } from "../config/config.ts";
import { type CheckResult, checksForProfile, evaluateWorkspace, type WorkspaceResult } from "../engine/evaluate.ts";
import { applyPolicy } from "../engine/policy.ts";
import { emptyCounts, score } from "../engine/score.ts";
import type { SourceLocation } from "../evidence/fact.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import { buildResultsDocument, type ResultsDocument } from "../reports/results-document.ts";
import { isArmExport, scanArmExport } from "./arm/export.ts";
import { scanArmTemplate } from "./arm/scan.ts";
import { IacFileError, parseConfigJson } from "./errors.ts";
import { isNotDeclarable } from "./evidence.ts";
import type { Value } from "./hcl/value.ts";
import { displayPath, statIfExists } from "./paths.ts";
import { scanPlan } from "./plan/scan.ts";
import { readIacText } from "./read.ts";
import { appliesTo, type Declaration, findSuppressions, type InlineSuppression, within } from "./suppressions.ts";
import type { ConfigurationScan } from "./terraform/scan.ts";
import { scanTerraform } from "./terraform/scan.ts";

export interface IacOptions {
  varFiles?: readonly string[];
  vars?: ReadonlyMap<string, Value>;
  /** ARM parameter files applied to every template given (besides the <name>.parameters.json beside it). */
  parameterFiles?: readonly string[];
  now?: Date;
}

export interface IacInput {
  kind: "terraform" | "terraform-plan" | "arm" | "arm-export" | "bicep";
  path: string;
}

export interface IacScan {
  inputs: IacInput[];
  configurations: (ConfigurationScan & { input: IacInput })[];
  errors: IacFileError[];
  notes: string[];
}

const SKIP_DIRS = new Set(["node_modules", ".git", ".terraform", "lakeward-out"]);

type JsonKind = "arm" | "arm-parameters" | "arm-export" | "terraform-plan" | "other";

/** What a JSON file is: an ARM template, ARM parameters, a Terraform plan, or something else. */
function classifyJson(text: string): JsonKind {
  const head = text.slice(0, 4000);
  if (/deploymentParameters\.json/i.test(head)) return "arm-parameters";
  if (/deploymentTemplate\.json/i.test(head)) return "arm";
  if (/"format_version"/.test(head) && /"(planned_values|resource_changes|terraform_version)"/.test(head))
    return "terraform-plan";
  if (/"resources"\s*:/.test(head) && /"(contentVersion|\$schema)"/.test(head)) return "arm";
  // ARM resource JSON exported from a deployed workspace (az resource show, Resource Graph): confirmed on parse.
  if (/"type"\s*:\s*"microsoft\.databricks\/workspaces"/i.test(text)) return "arm-export";
  return "other";
}

/**
 * Finds the configurations under the given paths. JSON files are read (through the shared reader) to tell
 * templates and plans from other JSON; their texts are returned for the scan, so each is read once.
 * Entries that are not regular files (a FIFO, a socket, a device) with a configuration's extension are
 * errors naming them: never read, never silently left out.
 */
export async function discover(
  paths: readonly string[],
): Promise<{ inputs: IacInput[]; errors: IacFileError[]; texts: Map<string, string> }> {
  const inputs: IacInput[] = [];
  const errors: IacFileError[] = [];
  const texts = new Map<string, string>();
  const seen = new Set<string>();
  const add = (input: IacInput) => {
    const key = `${input.kind}:${resolve(input.path)}`;
    if (!seen.has(key)) {
      seen.add(key);
      inputs.push(input);
    }
  };
  const visitFile = async (path: string, explicit: boolean) => {
    const ext = extname(path).toLowerCase();
    if (ext === ".tf" || path.endsWith(".tf.json")) add({ kind: "terraform", path });
    else if (ext === ".bicep") add({ kind: "bicep", path });
    else if (ext === ".json" || ext === ".jsonc") {
      let text: string;
      try {
        text = await readIacText(path, "json");
      } catch (error) {
        if (error instanceof IacFileError) errors.push(error);
        else throw error;
        return;
      }
      const kind = classifyJson(text);
      if (kind === "arm" || kind === "terraform-plan" || kind === "arm-export") {
        add({ kind, path });
        texts.set(resolve(path), text);
      } else if (explicit && kind === "other")
        errors.push(
          new IacFileError(
            displayPath(path),
            1,
            "not an ARM template, ARM parameters file or `terraform show -json` plan",
          ),
        );
    } else if (explicit && (ext === ".tfvars" || path.endsWith(".tfvars.json")))
      errors.push(
        new IacFileError(displayPath(path), 1, "a variables file is not a configuration", "Pass it with --var-file."),
      );
    else if (explicit)
      errors.push(new IacFileError(displayPath(path), 1, "not a .tf, .tf.json, .json (ARM or plan) or .bicep file"));
  };
  const walk = async (dir: string, depth: number) => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      errors.push(new IacFileError(displayPath(dir), 1, "cannot read the directory"));
      return;
    }
    const isFile = (e: import("node:fs").Dirent) => e.isFile() || e.isSymbolicLink();
    const isTerraform = (name: string) => name.endsWith(".tf") || name.endsWith(".tf.json");
    if (entries.some((e) => isFile(e) && isTerraform(e.name))) add({ kind: "terraform", path: dir });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".") && depth < 20) await walk(full, depth + 1);
      } else if (isFile(entry) && !isTerraform(entry.name)) await visitFile(full, false);
      else if (!isFile(entry) && IAC_FILE.test(entry.name))
        // A FIFO, socket or device named like a configuration file: said, never opened.
        errors.push(
          new IacFileError(
            displayPath(full),
            1,
            `not read: it is ${entry.isFIFO() ? "a named pipe (FIFO)" : entry.isSocket() ? "a socket" : "a device"}; lakeward reads only regular files`,
          ),
        );
    }
  };
  for (const path of paths) {
    let info: import("node:fs").Stats;
    try {
      info = await stat(path);
    } catch {
      errors.push(new IacFileError(displayPath(path), 1, "no such file or directory"));
      continue;
    }
    if (info.isDirectory()) await walk(path, 0);
    else await visitFile(path, true);
  }
  return { inputs, errors, texts };
}

const IAC_FILE = /\.(tf|tf\.json|json|jsonc|bicep|tfvars)$/i;

/**
 * Drops directories that another scanned configuration uses as a local module (they are judged in context).
 * Only another one: a configuration that names its own directory as a module is an error, not a reason to
 * drop it.
 */
function dropLocalModules(scans: IacScan["configurations"]): IacScan["configurations"] {
  const usedBy = new Map<string, Set<string>>();
  for (const scan of scans)
    for (const dir of scan.moduleDirs ?? [])
      usedBy.set(resolve(dir), (usedBy.get(resolve(dir)) ?? new Set()).add(resolve(scan.input.path)));
  return scans.filter((scan) => {
    if (scan.input.kind !== "terraform") return true;
    const self = resolve(scan.input.path);
    return ![...(usedBy.get(self) ?? [])].some((user) => user !== self);
  });
}

/** The given paths as directories: file functions of a configuration found below one may read within it. */
async function scanRoots(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (info) out.push(resolve(info.isDirectory() ? path : dirname(path)));
  }
  return out;
}

const within_ = (path: string, dir: string) => {
  const rel = relative(dir, resolve(path));
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/** What reading one input gave: its configuration (if any), notes and errors, and a compiled template to add. */
interface InputScan {
  configuration?: IacScan["configurations"][number];
  notes: string[];
  errors: IacFileError[];
  compiled?: string;
}

/**
 * How many inputs are read at once. A configuration's own files, stats and listings are read synchronously
 * (local and small: a thread-pool round trip costs more than the read); what is still asynchronous (module
 * sources, parameter files) overlaps the work of the others with several inputs in flight (bench:iac,
 * docs/performance.md). Results keep the inputs' order.
 */
const INPUTS_IN_FLIGHT = 16;

async function scanInput(
  input: IacInput,
  options: IacOptions,
  roots: readonly string[],
  texts: ReadonlyMap<string, string>,
  at: Date,
): Promise<InputScan> {
  const out: InputScan = { notes: [], errors: [] };
  try {
    if (input.kind === "terraform") {
      const info = statSync(input.path);
      const dir = info.isDirectory() ? input.path : dirname(input.path);
      const scan = await scanTerraform(
        input.path,
        dir,
        {
          varFiles: options.varFiles ?? [],
          vars: options.vars ?? new Map(),
          roots: roots.filter((root) => within_(input.path, root)),
        },
        at,
      );
      out.configuration = { ...scan, input };
    } else if (input.kind === "terraform-plan")
      out.configuration = { ...(await scanPlan(input.path, at, texts.get(resolve(input.path)))), input };
    else if (input.kind === "arm-export") {
      const file = displayPath(input.path);
      const parsed = parseConfigJson(file, texts.get(resolve(input.path)) ?? (await readIacText(input.path, "json")));
      if (isArmExport(parsed.value)) out.configuration = { ...scanArmExport(parsed, at), input };
      else
        out.notes.push(
          `${file}: JSON that names Microsoft.Databricks/workspaces but is no ARM export lakeward reads; skipped`,
        );
    } else if (input.kind === "arm")
      out.configuration = {
        ...(await scanArmTemplate(input.path, options.parameterFiles ?? [], at, texts.get(resolve(input.path)))),
        input,
      };
    else {
      const compiled = join(dirname(input.path), `${basename(input.path, ".bicep")}.json`);
      const hasCompiled = statIfExists(compiled)?.isFile() === true;
      out.notes.push(
        hasCompiled
          ? `${displayPath(input.path)}: Bicep source; its compiled template ${displayPath(compiled)} is scanned instead`
          : `${displayPath(input.path)}: Bicep source not judged: no Bicep compiler is bundled. Compile it first (az bicep build --file ${basename(input.path)}, or bicep build) and scan the ARM JSON it writes`,
      );
      if (hasCompiled) out.compiled = compiled;
    }
  } catch (error) {
    if (error instanceof IacFileError) out.errors.push(error);
    // The limits keep evaluation well inside the stack; should a shape still exhaust it, that input is an
    // error of its own and the others are judged.
    else if (error instanceof RangeError)
      out.errors.push(
        new IacFileError(
          displayPath(input.path),
          1,
          "could not be read: nested too deeply for lakeward to evaluate (the JavaScript stack ran out)",
        ),
      );
    else throw error;
  }
  return out;
}

export async function scanIac(paths: readonly string[], options: IacOptions = {}): Promise<IacScan> {
  const at = options.now ?? new Date();
  const { inputs, errors, texts } = await discover(paths);
  const roots = await scanRoots(paths);
  const notes: string[] = [];
  let configurations: IacScan["configurations"] = [];
  const queue = new PQueue({ concurrency: INPUTS_IN_FLIGHT });
  // Bicep sources with a compiled template beside them add it as an input, read after the others (once, even
  // when the directory walk found it too).
  for (let batch = inputs.slice(); batch.length; ) {
    const scans = await queue.addAll(batch.map((input) => () => scanInput(input, options, roots, texts, at)));
    const added: IacInput[] = [];
    for (const scan of scans) {
      if (scan.configuration) configurations.push(scan.configuration);
      notes.push(...scan.notes);
      errors.push(...scan.errors);
      const compiled = scan.compiled;
      if (compiled && !inputs.some((other) => other.kind === "arm" && resolve(other.path) === resolve(compiled))) {
        const input: IacInput = { kind: "arm", path: compiled };
        inputs.push(input);
        added.push(input);
      }
    }
    batch = added;
  }
  configurations = dropLocalModules(configurations);
  for (const configuration of configurations) {
    errors.push(...configuration.errors);
    notes.push(...configuration.notes);
  }
  return { inputs, configurations, errors, notes };
}

/** Checks that read nothing a configuration can declare (only the workspace, account or Graph APIs, or audit logs). */
export function judgedFromIac(sources: readonly string[]): boolean {
  return sources.includes("iac") || sources.includes("arm") || sources.includes("attestation");
}

function declarationOf(
  evidence: WorkspaceEvidence,
  scan: ConfigurationScan,
): Pick<Declaration, "file" | "line"> | undefined {
  return scan.declaredAt?.get(evidence) ?? scan.declarations.find((d) => d.address === evidence.workspace.resourceId);
}

function completeResult(result: CheckResult, fallback: SourceLocation | undefined): CheckResult {
  if (result.locations?.length || !fallback) return result;
  return { ...result, locations: [fallback] };
}

/**
 * One string per distinct text within a run. A tree of many stacks gets the same messages over and over
 * ("secure cluster connectivity is on: …" for every copy of a module), each built anew by its check: in
 * bench:iac, 145,804 results hold 21 million characters of messages with 149 distinct ones. V8 does not
 * share equal strings by itself, and the results are kept until the reports are written.
 */
class Interned {
  private readonly seen = new Map<string, string>();
  of(text: string): string {
    const known = this.seen.get(text);
    if (known !== undefined) return known;
    this.seen.set(text, text);
    return text;
  }
}

/**
 * Why a result cannot be judged from a configuration, or null when it is judged: an unknown whose cause
 * (the fact that stopped the check) is one no configuration declares (live tokens, admins, locks made
 * elsewhere, …). Such results are listed once as "not judged from IaC" and stay out of the score.
 */
function notJudgedCause(result: CheckResult): string | null {
  if (result.status !== "unknown") return null;
  const cause = [...result.evidence].reverse().find((use) => use.reason !== undefined);
  return cause?.reason !== undefined && isNotDeclarable(cause.reason) ? cause.reason : null;
}

type NotJudged = NonNullable<ResultsDocument["notJudged"]>[number];

/** The inline suppressions that apply to one workspace's results, as config-file suppressions. */
function inlineSuppressions(
  workspace: WorkspaceResult,
  evidence: WorkspaceEvidence,
  scan: ConfigurationScan,
  all: InlineSuppression[],
): NonNullable<LakewardConfig["suppressions"]> {
  const own = scan.declarations.filter(
    (d) => d.workspace === evidence.workspace.resourceId || d.address === evidence.workspace.resourceId,
  );
  const workspaceDecl = declarationOf(evidence, scan);
  const out: NonNullable<LakewardConfig["suppressions"]> = [];
  for (const suppression of all) {
    const text = scan.texts.get(suppression.file) ?? "";
    const on = [...own, ...scan.declarations].filter((d) => appliesTo(suppression, d, text));
    if (!on.length) continue;
    for (const check of suppression.checks) {
      const result = workspace.results.find((r) => r.checkId === check);
      if (!result) continue;
      const hit = on.some(
        (d) =>
          (workspaceDecl && d.file === workspaceDecl.file && d.line === workspaceDecl.line) ||
          (result.locations ?? []).some((location) => within(location, d)),
      );
      if (hit)
        out.push({
          check,
          scope: workspace.workspace.name,
          reason: `${suppression.reason} (inline at ${suppression.file}:${suppression.line})`,
          ...(suppression.expires ? { expires: suppression.expires } : {}),
        });
    }
  }
  return out;
}

/** Judges the scanned configurations: the same checks, config and inline suppressions, locations filled. */
export function judgeIac(
  scan: IacScan,
  profile: Profile,
  now = new Date(),
  config: LakewardConfig = {},
  checks: readonly Check[] = CHECKS,
): { document: ResultsDocument; suppressionProblems: string[] } {
  const options = {
    profile,
    now,
    ...(config.thresholds ? { thresholds: config.thresholds } : {}),
    ...(config.lists ? { lists: config.lists } : {}),
  };
  const profileChecks = checksForProfile(checks, profile);
  // Checks that read only what no configuration declares are not evaluated at all.
  const judgeable = profileChecks.filter((check) => judgedFromIac(check.meta.sources));
  const unjudgeable = profileChecks.filter((check) => !judgedFromIac(check.meta.sources));
  const judgeableById = new Map(judgeable.map((check) => [check.meta.id, check]));
  // The same for every workspace: made once, not once per workspace and check.
  const unjudgeableEntries = unjudgeable.map((check) => ({
    check: check.meta,
    reason: `it reads the live ${check.meta.sources.join(" and ")}, which a configuration does not declare`,
  }));
  const workspaces: WorkspaceResult[] = [];
  const notJudgedOf = new Map<WorkspaceResult, { check: Check["meta"]; reason: string }[]>();
  const declaredAt = new Map<WorkspaceResult, SourceLocation>();
  const suppressionProblems: string[] = [];
  const messages = new Interned();
  for (const configuration of scan.configurations) {
    const inline: InlineSuppression[] = [];
    for (const [file, text] of configuration.texts) {
      const { found, problems } = findSuppressions(file, text);
      inline.push(...found);
      suppressionProblems.push(...problems);
    }
    for (const evidence of configuration.evidence) {
      const declaration = declarationOf(evidence, configuration);
      const fallback = declaration ? { file: declaration.file, line: declaration.line } : undefined;
      const evaluated = evaluateWorkspace(evidence, judgeable, options);
      const results: CheckResult[] = [];
      const notJudged = [...unjudgeableEntries];
      for (const result of evaluated.results) {
        const cause = notJudgedCause(result);
        const check = judgeableById.get(result.checkId)!;
        if (cause) notJudged.push({ check: check.meta, reason: cause });
        else {
          // The result is the evaluation's own new object: its message is replaced by the equal shared one.
          result.message = messages.of(result.message);
          results.push(completeResult(result, fallback));
        }
      }
      const problems = [
        ...evaluated.collection.problems,
        ...configuration.errors.map((e) => ({ source: "iac input", message: e.message })),
      ];
      const withResults: WorkspaceResult = {
        ...evaluated,
        collection: { ...evaluated.collection, problems },
        results,
      };
      const suppressions = [
        ...(config.suppressions ?? []),
        ...inlineSuppressions(withResults, evidence, configuration, inline),
      ];
      const judged = applyPolicy(recount(withResults), { ...config, suppressions }, now);
      if (fallback) declaredAt.set(judged, fallback);
      notJudgedOf.set(judged, notJudged);
      workspaces.push(judged);
    }
  }
  const named = distinctNames(workspaces, declaredAt);
  const document = buildResultsDocument(named, profileChecks, profile, now);
  // Listed once, in catalogue order, with the workspaces each applies to.
  const listed = new Map<string, NotJudged>();
  named.forEach((workspace, i) => {
    for (const { check, reason } of notJudgedOf.get(workspaces[i]!) ?? []) {
      const entry = listed.get(check.id) ?? {
        checkId: check.id,
        title: check.title,
        severity: check.severity,
        reason,
        workspaces: [],
      };
      entry.workspaces.push(workspace.workspace.name);
      listed.set(check.id, entry);
    }
  });
  const notJudged = profileChecks.flatMap((check) => listed.get(check.meta.id) ?? []);
  return { document: notJudged.length ? { ...document, notJudged } : document, suppressionProblems };
}

/**
 * A tree of configurations often declares workspaces of the same name (`azurerm_databricks_workspace.this`
 * in every module copy): such names get the file and line that declare them, so every report tells them
 * apart. Suppressions have already been matched against the declared name.
 */
function distinctNames(
  workspaces: WorkspaceResult[],
  declaredAt: ReadonlyMap<WorkspaceResult, SourceLocation>,
): WorkspaceResult[] {
  const count = new Map<string, number>();
  for (const workspace of workspaces)
    count.set(workspace.workspace.name, (count.get(workspace.workspace.name) ?? 0) + 1);
  return workspaces.map((workspace) => {
    const at = declaredAt.get(workspace);
    if ((count.get(workspace.workspace.name) ?? 0) < 2 || !at) return workspace;
    return {
      ...workspace,
      workspace: { ...workspace.workspace, name: `${workspace.workspace.name} · ${at.file}:${at.line}` },
    };
  });
}

function recount(workspace: WorkspaceResult): WorkspaceResult {
  const counts = emptyCounts();
  for (const result of workspace.results) counts[result.status]++;
  return { ...workspace, counts, score: score(workspace.results) };
}
