/**
 * lakeward.yaml: the targets to scan, the thresholds and lists of the checks (every configurable value of
 * the catalogue), suppressions (check, scope, reason, expiry) and attestations that answer the manual
 * checks (who, when, evidence, expiry). Validated with zod; every error names the key and its line.
 * Its JSON Schema is generated into docs/schema/config.schema.json.
 */
import { LineCounter, parseDocument, visit } from "yaml";
import { z } from "zod";
import { alertsConfigSchema } from "../alerts/config.ts";
import { CHECKS } from "../checks/registry.ts";
import { PROFILES, SEVERITIES } from "../checks/types.ts";
import { dashboardConfigSchema } from "../dashboard/config.ts";
import { InputError } from "../errors.ts";
import { serveConfigSchema } from "../serve/config.ts";
import { InputFileError, readInputText } from "../util/read-input.ts";

const date = z
  .union([z.string(), z.date()])
  .transform((value) => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD"));

const checkId = z.string().regex(/^[A-Z]+-\d+$/, "expected a check id such as NET-03");

export const configSchema = z
  .object({
    profile: z.enum(PROFILES).optional().describe("default --profile"),
    failOn: z
      .enum([...SEVERITIES, "none"])
      .optional()
      .describe("default --fail-on"),
    targets: z
      .array(
        z
          .object({
            name: z.string().optional(),
            subscription: z
              .union([z.string(), z.array(z.string()).min(1)])
              .optional()
              .describe("one subscription id or a list"),
            allSubscriptions: z.boolean().optional().describe("every subscription the Azure credential can read"),
            resourceGroup: z.string().optional(),
            workspace: z.string().optional(),
            workspaceResourceId: z.string().optional(),
            host: z.string().url().optional(),
            accountId: z.string().optional(),
            schedule: z.string().optional().describe("`lakeward serve`: this target's posture schedule (cron, UTC)"),
          })
          .strict(),
      )
      .optional()
      .describe("what `lakeward scan` reads when no target option is given"),
    thresholds: z
      .record(z.string(), z.number())
      .optional()
      .describe("CHECK-ID.name → number, e.g. IAM-02.maxAdmins: 3"),
    lists: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .describe("CHECK-ID.name → list, e.g. GOV-07.requiredTags: [CostCenter, Owner]"),
    suppressions: z
      .array(
        z
          .object({
            check: checkId,
            scope: z.string().default("*").describe("workspace name, or a glob with *"),
            reason: z.string().min(10, "say why, in at least 10 characters"),
            expires: date.optional().describe("after this date the suppression stops applying (and says so)"),
          })
          .strict(),
      )
      .optional(),
    attestations: z
      .array(
        z
          .object({
            check: checkId,
            scope: z.string().default("*"),
            by: z.string().min(3),
            date,
            evidence: z.string().min(5).describe("a link to, or description of, the evidence"),
            expires: date.optional(),
          })
          .strict(),
      )
      .optional(),
    alerts: alertsConfigSchema.optional().describe("where `lakeward serve` sends alerts: docs/alerts.md"),
    serve: serveConfigSchema
      .optional()
      .describe("`lakeward serve`: schedules, detect sources, audit source, SLA, retention (docs/serve.md)"),
    dashboard: dashboardConfigSchema
      .optional()
      .describe("`lakeward serve`'s dashboard: TLS, sessions, Entra ID sign-in (docs/dashboard.md)"),
  })
  .strict();

export type LakewardConfig = z.infer<typeof configSchema>;

export const DEFAULT_CONFIG_FILE = "lakeward.yaml";

/** Checks the references to checks, thresholds and lists against the catalogue. */
function semanticProblems(config: LakewardConfig): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const byId = new Map(CHECKS.map((check) => [check.meta.id, check]));
  for (const [kind, entries] of [
    ["thresholds", config.thresholds ?? {}],
    ["lists", config.lists ?? {}],
  ] as const) {
    for (const key of Object.keys(entries)) {
      const [id = "", name = ""] = key.split(".");
      const check = byId.get(id);
      const known = kind === "thresholds" ? check?.meta.thresholds : check?.meta.lists;
      if (!check) problems.push({ path: [kind, key], message: `no check ${id}` });
      else if (!known || !(name in known)) {
        const names = Object.keys(known ?? {});
        problems.push({
          path: [kind, key],
          message: `${id} has no ${kind === "thresholds" ? "threshold" : "list"} "${name}"${names.length ? ` (it has: ${names.join(", ")})` : ""}`,
        });
      }
    }
  }
  (config.suppressions ?? []).forEach((s, i) => {
    if (!byId.has(s.check)) problems.push({ path: ["suppressions", i, "check"], message: `no check ${s.check}` });
  });
  (config.attestations ?? []).forEach((a, i) => {
    const check = byId.get(a.check);
    if (!check) problems.push({ path: ["attestations", i, "check"], message: `no check ${a.check}` });
    else if (!check.meta.sources.includes("attestation")) {
      problems.push({
        path: ["attestations", i, "check"],
        message: `${a.check} is judged from evidence, not attested; only manual checks (MAN-*) take attestations`,
      });
    }
  });
  return problems;
}

/**
 * YAML aliases resolved at most (the yaml library's guard against "billion laughs" alias bombs, which
 * expand a few hundred bytes into gigabytes); a config file needs few, if any.
 */
export const MAX_YAML_ALIASES = 100;

/** Deepest nesting of YAML flow collections ([…], {…}) read; the parser recurses on each level. */
export const MAX_YAML_DEPTH = 512;

const TOO_DEEP = "nested too deeply for lakeward to read (a stack overflow in the YAML parser)";

/**
 * Refuses flow collections nested past MAX_YAML_DEPTH before the recursive parser sees them (a few hundred
 * KB of "[" take it seconds to overflow its stack). One pass; quoted scalars and comments are skipped, so
 * it can only under-count — what it misses the parser still reports as too deep.
 */
function checkYamlDepth(file: string, text: string): void {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\n") line++;
    else if (c === "#") {
      const end = text.indexOf("\n", i);
      i = (end === -1 ? text.length : end) - 1;
    } else if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) {
        if (text[i] === "\n") line++;
        else if (c === '"' && text[i] === "\\") i++;
      }
    } else if (c === "[" || c === "{") {
      if (++depth > MAX_YAML_DEPTH)
        throw new InputError(`${file}: line ${line}: nested deeper than ${MAX_YAML_DEPTH} levels (the limit for YAML)`);
    } else if ((c === "]" || c === "}") && depth > 0) depth--;
  }
}

export function parseConfig(file: string, text: string): LakewardConfig {
  checkYamlDepth(file, text);
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const first = document.errors[0];
  if (first) {
    const line = lineCounter.linePos(first.pos[0]).line;
    const message = first.message.split("\n")[0] ?? "";
    throw new InputError(`${file}: line ${line}: invalid YAML (${/call stack/i.test(message) ? TOO_DEEP : message})`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (error) {
    // The yaml library throws a ReferenceError on an alias bomb and stack overflows surface as RangeError.
    let aliasLine = 1;
    visit(document, {
      Alias(_key, node) {
        if (node.range) aliasLine = lineCounter.linePos(node.range[0]).line;
        return visit.BREAK;
      },
    });
    if (error instanceof ReferenceError && /alias/i.test(error.message))
      throw new InputError(
        `${file}: line ${aliasLine}: YAML aliases expand past the limit of ${MAX_YAML_ALIASES} (an "alias bomb"); not read`,
        "Write the repeated values out, or use fewer anchors and aliases.",
      );
    if (error instanceof RangeError) throw new InputError(`${file}: line 1: invalid YAML (${TOO_DEEP})`);
    throw new InputError(`${file}: line 1: invalid YAML (${error instanceof Error ? error.message : String(error)})`);
  }
  const lineOf = (path: (string | number)[]): number => {
    for (let depth = path.length; depth >= 0; depth--) {
      const node = document.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return 1;
  };
  const lineOfKey = (path: (string | number)[], key: string): number => {
    const map = (path.length ? document.getIn(path, true) : document.contents) as
      | { items?: { key?: { value?: unknown; range?: [number, number, number] } }[] }
      | null
      | undefined;
    const pair = map?.items?.find((item) => item.key?.value === key);
    return pair?.key?.range ? lineCounter.linePos(pair.key.range[0]).line : lineOf(path);
  };
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    const key = path.length ? path.join(".") : "(top level)";
    const allowed = issue.code === "unrecognized_keys" ? keysAt(path) : [];
    const message =
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => `"${k}"`).join(", ")}${allowed.length ? ` (keys here: ${allowed.join(", ")})` : ""}`
        : issue.message;
    // An unknown key is reported where it is written, not where the mapping that holds it begins.
    const line = issue.code === "unrecognized_keys" ? lineOfKey(path, issue.keys[0] ?? "") : lineOf(path);
    throw new InputError(
      `${file}: line ${line}: ${key}: ${message}`,
      "docs/config.md lists every key; the JSON Schema is docs/schema/config.schema.json.",
    );
  }
  const problem = semanticProblems(parsed.data)[0];
  if (problem)
    throw new InputError(
      `${file}: line ${lineOf(problem.path)}: ${problem.path.join(".")}: ${problem.message}`,
      "`lakeward checks explain ID` shows a check's thresholds and lists.",
    );
  return parsed.data;
}

/** The keys the schema allows in the mapping at `path` (for an unknown key's message). */
function keysAt(path: readonly (string | number)[]): string[] {
  let schema: z.ZodType = configSchema;
  for (const step of path) {
    while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) schema = schema.unwrap() as z.ZodType;
    if (schema instanceof z.ZodArray && typeof step === "number") schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodObject && typeof step === "string" && step in schema.shape)
      schema = schema.shape[step] as z.ZodType;
    else return [];
  }
  while (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) schema = schema.unwrap() as z.ZodType;
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** Reads the config file; a missing default file is not an error, a missing named one is. */
export async function loadConfig(file: string | undefined): Promise<{ config: LakewardConfig; file: string | null }> {
  const path = file ?? DEFAULT_CONFIG_FILE;
  let text: string;
  try {
    text = await readInputText(path, { kind: "config" });
  } catch (error) {
    if (!file && error instanceof InputFileError && error.reason === "missing") return { config: {}, file: null };
    throw error;
  }
  return { config: parseConfig(path, text), file: path };
}
