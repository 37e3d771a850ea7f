/**
 * `lakeward paths`: the permission graph's answers on the command line — who reaches workspace, metastore or
 * account admin and how, step by step; who can run code as a service principal; what is granted to every user;
 * who holds a grant on one secret scope, catalog or external location. Reads live like `scan` or a snapshot.
 */
import { type Command, Option } from "commander";
import { InputError } from "../../errors.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import { readSnapshot } from "../../evidence/snapshot.ts";
import { buildWorkspaceGraph, type WorkspaceGraph } from "../../graph/build.ts";
import { type DataReaders, dataReaders } from "../../graph/data-readers.ts";
import type { NodeKind } from "../../graph/model.ts";
import {
  adminPaths,
  DEFAULT_MAX_STEPS,
  DEFAULT_ROUTES_PER_PRINCIPAL,
  dependencies,
  type Path,
  type PathList,
  type PathStep,
  readersOf,
  runAsPaths,
  sharedWithAllUsers,
} from "../../graph/queries.ts";
import { writeOutputFile } from "../../util/output-file.ts";
import type { CliIo, ExitBox } from "../main.ts";
import { progressReporter } from "../progress.ts";
import { reportRunProblems } from "../run-problems.ts";
import { addTargetOptions, collectTargets, type TargetFlags } from "../target-options.ts";
import { diagnostic } from "../terminal.ts";

export const PATH_TARGETS = ["admin", "metastore-admin", "account-admin", "service-principal", "all-users"] as const;
type PathTarget = (typeof PATH_TARGETS)[number];

const SECURABLE_KINDS: Record<string, NodeKind> = {
  "secret-scope": "secretScope",
  catalog: "catalog",
  "external-location": "externalLocation",
  "storage-credential": "storageCredential",
  job: "job",
  cluster: "cluster",
  /** by warehouse id (the permissions API's key; names need not be unique) */
  warehouse: "warehouse",
  "serving-endpoint": "servingEndpoint",
  /** Unity Catalog below the catalogs, by full name: who can read it (every privilege it takes, each chain named) */
  schema: "schema",
  table: "table",
  volume: "volume",
};

interface PathsFlags extends TargetFlags {
  to: PathTarget;
  readersOf?: string;
  snapshot?: string;
  format: "text" | "json";
  output?: string;
  maxSteps: string;
  limit: string;
  perPrincipal: string;
  quiet?: boolean;
}

interface Answer {
  workspace: string;
  question: string;
  total: number;
  byKind?: PathList["byKind"];
  /** Each path's `otherRoutes` and `routesCutOff` (src/graph/queries.ts); this counts the paths cut off. */
  paths: Path[];
  routesCutOff?: number;
  shared?: { group: string; object: string; detail: string }[];
  /** --readers-of table:/volume:/schema: — what reading it takes, and who holds each of it (data-readers.ts). */
  dataReaders?: Pick<DataReaders, "requires" | "readers" | "incomplete" | "canGrant">;
  note?: string;
  /** Parts of the evidence the answer rests on that were not read: there may be more paths. */
  notRead: { label: string; reason: string }[];
}

export function registerPaths(program: Command, io: CliIo, exit: ExitBox): void {
  const command = program
    .command("paths")
    .description(
      "who reaches admin (or a service principal, or a secret scope, catalog, external location) and through which chain, from the permission graph",
    )
    .addOption(
      new Option("--to <target>", "what the paths lead to: admin is workspace admin")
        .choices(PATH_TARGETS)
        .default("admin"),
    )
    .option(
      "--readers-of <kind:name>",
      `who holds a grant on one securable instead (${Object.keys(SECURABLE_KINDS).join(", ")}), e.g. catalog:main`,
    )
    .option("--snapshot <file>", "read a snapshot written by `lakeward collect` instead of reading live")
    .addOption(new Option("--format <format>", "text or json").choices(["text", "json"]).default("text"))
    .option("--output <file>", "write the answer to a file instead of stdout")
    .option("--max-steps <n>", "longest path searched", String(DEFAULT_MAX_STEPS))
    .option("--limit <n>", "spell out at most this many principals' paths per workspace (all are counted)", "100")
    .option(
      "--per-principal <n>",
      "routes spelt out per principal, its shortest included (1: the shortest only)",
      String(DEFAULT_ROUTES_PER_PRINCIPAL),
    )
    .option("-q, --quiet", "no progress lines on stderr");
  addTargetOptions(command);
  command.addHelpText(
    "after",
    `
Examples:
  # every path to workspace admin in a snapshot, step by step
  lakeward paths --snapshot snap.json
  # one workspace, only each principal's shortest route
  lakeward paths --snapshot snap.json --workspace adb-prod --per-principal 1
  # who, not an admin, can run code as a service principal (read live)
  lakeward paths --to service-principal \\
    --host https://adb-1234.5.azuredatabricks.net
  # who holds a grant on a secret scope, and through which chain, as JSON
  lakeward paths --readers-of secret-scope:etl --snapshot snap.json \\
    --format json
  # what is granted to users / account users
  lakeward paths --to all-users --snapshot snap.json
  # who can read one table: SELECT, USE SCHEMA and USE CATALOG, each chain
  lakeward paths --readers-of table:main.sales.orders --snapshot snap.json

A path is a chain of edges: member of a group, a permission on an object
(CAN_MANAGE on a job), a job or app running as a principal, a credential a
cluster carries, an Azure role that makes a workspace admin. Each principal
is shown with its shortest route; "other route" lines follow when it has more
(at most --per-principal in all, a note says when more were cut off). Direct
members of admins are listed on one line. Parts not read (a job's ACL past
--max-acls, grants a non-admin could not see) are listed: there may be more
paths than shown. JSON (schema lakeward/paths) carries each path's steps,
otherRoutes and routesCutOff. Exit 3 when no answer rests on evidence read.`,
  );
  command.action(async (flags: PathsFlags) => {
    const maxSteps = wholeNumber(flags.maxSteps, "--max-steps", 1);
    const limit = wholeNumber(flags.limit, "--limit", 0);
    const perPrincipal = wholeNumber(flags.perPrincipal, "--per-principal", 1);
    const readers = flags.readersOf ? parseSecurable(flags.readersOf) : undefined;
    let evidence: WorkspaceEvidence[];
    if (flags.snapshot) {
      evidence = (await readSnapshot(flags.snapshot)).workspaces;
      if (flags.workspace)
        evidence = evidence.filter((w) => w.workspace.name.toLowerCase() === flags.workspace!.toLowerCase());
      if (!evidence.length)
        throw new InputError(
          `${flags.snapshot}: no workspace${flags.workspace ? ` named ${flags.workspace}` : ""} in it`,
        );
    } else {
      const collected = await collectTargets([flags], progressReporter(io.stderr, Boolean(flags.quiet)));
      evidence = collected.evidence;
      reportRunProblems(io, collected.problems);
    }
    const answers = evidence.map((w) =>
      answer(w, buildWorkspaceGraph(w), flags.to, readers, { maxSteps, limit, perPrincipal }),
    );
    const text =
      flags.format === "json"
        ? `${JSON.stringify({ schema: "lakeward/paths", answers }, null, 2)}\n`
        : answers.map(render).join("\n");
    if (flags.output) await writeOutputFile(flags.output, text);
    else io.stdout.write(text);
    // An answer resting on nothing read is no answer: exit 3, as a scan that judged nothing.
    const unanswered = answers.filter((a) => a.note?.startsWith("not answered"));
    for (const a of unanswered) io.stderr.write(diagnostic(io.stderr, "error", `${a.workspace}: ${a.note}`));
    exit.code = unanswered.length === answers.length ? 3 : 0;
  });
}

export function wholeNumber(raw: string, option: string, min: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${option} ${raw}: give a whole number of at least ${min}`);
  return n;
}

function parseSecurable(raw: string): { kind: NodeKind; name: string; label: string } {
  const at = raw.indexOf(":");
  const kind = SECURABLE_KINDS[raw.slice(0, at)];
  if (at < 0 || !kind || !raw.slice(at + 1))
    throw new InputError(
      `--readers-of ${raw}: give KIND:NAME`,
      `KIND is one of ${Object.keys(SECURABLE_KINDS).join(", ")}, e.g. --readers-of secret-scope:etl`,
    );
  return { kind, name: raw.slice(at + 1), label: raw };
}

function answer(
  evidence: WorkspaceEvidence,
  wg: WorkspaceGraph,
  to: PathTarget,
  readers: { kind: NodeKind; name: string; label: string } | undefined,
  options: { maxSteps: number; limit: number; perPrincipal: number },
): Answer {
  const workspace = evidence.workspace.name;
  const notReadOf = (query: Parameters<typeof dependencies>[1]) => {
    const deps = dependencies(wg, query);
    return [
      ...deps.inputs
        .filter((i) => i.fact.status === "unknown")
        .map((i) => ({ label: i.label, reason: i.fact.status === "unknown" ? i.fact.reason : "" })),
      ...deps.gaps.map(({ label, reason }) => ({ label, reason })),
    ];
  };
  const unanswered = (query: Parameters<typeof dependencies>[1]) => {
    const inputs = dependencies(wg, query).inputs;
    return inputs.length > 0 && inputs.every((i) => i.fact.status === "unknown")
      ? "not answered: none of the evidence it rests on was read"
      : undefined;
  };
  if (readers && (readers.kind === "table" || readers.kind === "volume" || readers.kind === "schema")) {
    const found = dataReaders(wg, readers.kind, readers.name, options);
    const question =
      readers.kind === "schema" ? `who can read every table of ${readers.label}` : `who can read ${readers.label}`;
    if (!found)
      return {
        workspace,
        question,
        total: 0,
        paths: [],
        note: `${readers.label} is not in this workspace's evidence`,
        notRead: notReadOf("dataReaders"),
      };
    const note = unanswered("dataReaders") ?? found.note;
    return {
      workspace,
      question:
        readers.kind === "schema"
          ? `who can read every table of ${found.target.label}`
          : `who can read ${found.target.label}`,
      total: found.total,
      byKind: found.byKind,
      paths: [],
      dataReaders: {
        requires: found.requires,
        readers: found.readers,
        incomplete: found.incomplete,
        canGrant: found.canGrant,
      },
      note,
      notRead: found.gaps,
    };
  }
  if (readers) {
    const found = readersOf(wg, readers.kind, readers.name, options);
    const notRead = notReadOf("readers");
    if (!found)
      return {
        workspace,
        question: `who holds a grant on ${readers.label}`,
        total: 0,
        paths: [],
        note: `${readers.label} is not in this workspace's evidence`,
        notRead,
      };
    const note = found.note ?? unanswered("readers");
    return {
      workspace,
      question: `who holds a grant on ${found.target.label}`,
      total: found.total,
      byKind: found.byKind,
      paths: found.paths,
      ...cutOff(found),
      ...(note ? { note } : {}),
      notRead,
    };
  }
  if (to === "all-users") {
    const shared = sharedWithAllUsers(wg).map((s) => ({ group: s.group, object: s.object.label, detail: s.detail }));
    const notRead = notReadOf("shared");
    const note = unanswered("shared");
    return {
      workspace,
      question: "what is granted to users / account users",
      total: shared.length,
      paths: [],
      shared,
      ...(note ? { note } : {}),
      notRead,
    };
  }
  if (to === "service-principal") {
    const list = runAsPaths(wg, options);
    const notRead = notReadOf("runAs");
    const note = unanswered("runAs");
    return {
      workspace,
      question: "who, not an admin, can run code as a service principal or with a cluster's credential",
      total: list.total,
      byKind: list.byKind,
      paths: list.paths,
      ...cutOff(list),
      ...(note ? { note } : {}),
      notRead,
    };
  }
  const target = to === "admin" ? "workspace" : to === "metastore-admin" ? "metastore" : "account";
  const list = adminPaths(wg, target, options);
  const query = target === "account" ? "accountAdmin" : "admin";
  const notRead = notReadOf(query);
  const note = list.notCollected ? `not answered: ${list.notCollected}` : unanswered(query);
  return {
    workspace,
    question: `who reaches ${target} admin`,
    total: list.total,
    byKind: list.byKind,
    paths: list.paths,
    ...cutOff(list),
    ...(note ? { note } : {}),
    notRead,
  };
}

const cutOff = (list: PathList) => (list.routesCutOff ? { routesCutOff: list.routesCutOff } : {});

/** The text answer fits this many columns (a terminal's default; pipes and files the same). */
export const TEXT_WIDTH = 80;

/**
 * `text` as lines of at most `width` columns: the first starts with `first`, the rest with `rest`. A word longer
 * than a line (an Azure resource ID) is split, never cut: the console report's wrap (reports/console.ts) and
 * commander's boxWrap keep it whole past the edge or truncate it, and a path must name every part whole.
 */
export function wrapText(text: string, first: string, rest: string, width = TEXT_WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (let word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest;
      empty = true;
    }
    if (!empty) line += " ";
    while (line.length + word.length > width) {
      const room = Math.max(1, width - line.length);
      // after the last "/" that fits, so a resource ID breaks between its segments
      const slash = word.lastIndexOf("/", room - 1);
      const cut = slash > 0 ? slash + 1 : room;
      lines.push(line + word.slice(0, cut));
      word = word.slice(cut);
      line = rest;
    }
    line += word;
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** One route's steps, numbered; a step names its edge and where it leads (it starts where the last ended). */
function routeLines(steps: readonly PathStep[], indent: string): string[] {
  return steps.flatMap((step, i) => {
    const number = `${indent}${i + 1}. `;
    const text = `${step.kind}${step.detail ? `: ${step.detail}` : ""} → ${step.to.label}`;
    return wrapText(text, number, " ".repeat(number.length));
  });
}

function render(a: Answer): string {
  let head = `${a.workspace}: ${a.question} — ${a.total}`;
  if (a.byKind)
    head += ` (${Object.entries(a.byKind)
      .filter(([, n]) => n)
      .map(([kind, n]) => `${n} ${kind}`)
      .join(", ")})`;
  const lines = wrapText(head, "", "  ");
  if (a.note) lines.push(...wrapText(a.note, "  ", "    "));
  const admin = a.question.startsWith("who reaches");
  // Direct members on one line, unless they have other routes too (then they are spelt out like the rest).
  const direct = a.paths.filter((p) => p.kind === "direct" && !p.otherRoutes?.length);
  if (direct.length && admin)
    lines.push(...wrapText(direct.map((p) => p.principal.label).join(", "), "  direct: ", "    "));
  for (const path of a.paths) {
    if (admin && direct.includes(path)) continue;
    lines.push(...wrapText(`${path.principal.label} [${path.principal.kind}, ${path.kind}]`, "  ", "    "));
    lines.push(...routeLines(path.steps, "    "));
    (path.otherRoutes ?? []).forEach((route, i) => {
      lines.push(`    other route ${i + 1} [${route.kind}]:`);
      lines.push(...routeLines(route.steps, "      "));
    });
    if (path.routesCutOff) lines.push(...wrapText(`routes cut off: ${path.routesCutOff}`, "    ", "      "));
  }
  if (!a.shared && !a.dataReaders && a.paths.length < a.total)
    lines.push(`  … ${a.total - a.paths.length} more principal(s) (raise --limit)`);
  for (const s of a.shared ?? []) lines.push(...wrapText(`${s.object}: ${s.detail} to ${s.group}`, "  ", "    "));
  if (a.dataReaders) lines.push(...dataReaderLines(a.dataReaders, a.total));
  if (a.notRead.length) {
    lines.push(`  not read (there may be more): ${a.notRead.length} part(s)`);
    for (const n of a.notRead.slice(0, 5)) lines.push(...wrapText(`${n.label}: ${n.reason}`, "    ", "      "));
    if (a.notRead.length > 5) lines.push(`    … ${a.notRead.length - 5} more`);
  }
  return `${lines.join("\n")}\n`;
}

/** A table's (volume's, schema's) readers: what it takes, then each reader with one numbered chain per privilege. */
function dataReaderLines(d: NonNullable<Answer["dataReaders"]>, total: number): string[] {
  const lines: string[] = [];
  const takes = d.requires.map((r) => `${r.privilege} on ${r.on.map((n) => n.label).join(" or ")}`).join("; ");
  lines.push(...wrapText(`reading takes all of: ${takes}`, "  ", "    "));
  for (const reader of d.readers) {
    lines.push(...wrapText(`${reader.principal.label} [${reader.principal.kind}, ${reader.kind}]`, "  ", "    "));
    for (const held of reader.holds) {
      lines.push(`    ${held.privilege}:`);
      lines.push(...routeLines(held.steps, "      "));
    }
  }
  if (d.readers.length < total) lines.push(`  … ${total - d.readers.length} more principal(s) (raise --limit)`);
  if (d.incomplete.length) {
    lines.push(`  cannot read it (hold only part): ${d.incomplete.length}`);
    for (const i of d.incomplete)
      lines.push(
        ...wrapText(
          `${i.principal.label}: holds ${i.holds.map((h) => h.privilege).join(", ")}; lacks ${i.lacks.join(", ")}`,
          "    ",
          "      ",
        ),
      );
  }
  if (d.canGrant.length) {
    lines.push(`  can grant themselves access (owners, MANAGE): ${d.canGrant.length}`);
    for (const p of d.canGrant) {
      const last = p.steps.at(-1);
      const via =
        p.steps.length > 1
          ? ` (via ${p.steps
              .slice(0, -1)
              .map((s) => s.to.label)
              .join(" → ")})`
          : "";
      lines.push(
        ...wrapText(`${p.principal.label}: ${last ? `${last.kind} ${last.to.label}` : ""}${via}`, "    ", "      "),
      );
    }
  }
  return lines;
}
