/**
 * Arbitraries shared by the fuzz tests: hostile values, and mutations of a valid seed (a JSON document or
 * a text) — so most cases are *nearly* valid and reach deep into the parser instead of failing on byte 1.
 * Every mutation can plant a canary (a value the case marks secret) to check nothing echoes input values.
 */
import fc from "fast-check";
import { stringify as toYaml } from "yaml";

/** A recognisable value that must never be echoed; unique per case so a hit is unambiguous. */
export const canary = fc.stringMatching(/^[a-z0-9]{12}$/).map((suffix) => `CANARY-SECRET-${suffix}`);

/** Strings parsers get wrong: lone surrogates, NUL, control characters, prototype keys, huge repeats. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.constantFrom(
    "",
    "\u0000",
    "\uD800",
    "\uFEFF",
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "NaN",
    "Infinity",
    "1e999",
    "-0",
    "0x1F",
    "null",
    "2026-02-30T25:61:61Z",
    "+275760-09-13T00:00:00.001Z",
    "../../etc/passwd",
    "$" + '{file("/proc/self/environ")}',
    "'; DROP TABLE audit; --",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "*",
    "%00",
    "\r\n\r\n",
  ),
  fc
    .tuple(
      fc.constantFrom("a", "[", "{", "\\", '"', "password", "\n", " ", "é", "𝄞"),
      fc.integer({ min: 1, max: 5000 }),
    )
    .map(([unit, times]) => unit.repeat(times)),
);

/** JSON values a schema does not expect: wrong types, extremes, empty and nested containers. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      null,
      true,
      0,
      -1,
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      0.1,
      [],
      {},
      [null],
      { __proto__: null },
      { status: "known" },
      { status: "unknown" },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 300 }).map((depth) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
      return value;
    }),
  },
);

type Path = (string | number)[];

/** Every path to a value in a JSON document (containers included), in document order. */
export function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (Array.isArray(value)) value.forEach((item, index) => void pathsOf(item, [...path, index], out));
  else if (value && typeof value === "object")
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...path, key], out);
  return out;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

function parentOf(
  root: unknown,
  path: Path,
): { parent: Record<string | number, unknown> | unknown[]; key: string | number } | null {
  if (path.length === 0) return null;
  let node: unknown = root;
  for (const step of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[step];
  if (!node || typeof node !== "object") return null;
  return { parent: node as Record<string | number, unknown>, key: path[path.length - 1]! };
}

type JsonEdit =
  | { kind: "replace"; at: number; value: unknown }
  | { kind: "typed"; at: number; text: string; number: number; item: number }
  | { kind: "shallow"; at: number; value: unknown }
  | { kind: "delete"; at: number }
  | { kind: "insert"; at: number; key: string; value: unknown }
  | { kind: "canary"; at: number; secret: string };

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), value: hostileJsonValue }) },
  {
    // Same type, hostile value: the document stays valid and the value reaches the checks and renderers.
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("typed" as const),
      at: fc.nat(),
      text: hostileString,
      number: fc.oneof(
        fc.constantFrom(0, -1, 1e308, -1e308, 0.5, 2 ** 53 + 2, -(2 ** 31), 253402300800000, -8.64e15 - 1),
        fc.integer(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
      item: fc.nat(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("shallow" as const), at: fc.nat(), value: hostileJsonValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("insert" as const),
      at: fc.nat(),
      key: fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor")),
      value: hostileJsonValue,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("canary" as const), at: fc.nat(), secret: canary }) },
);

/** Applies one edit; returns the canary planted, if any. */
/**
 * Which planted canaries count as secrets. By default all of them: no error may echo any input value. A
 * format whose errors rightly quote names (a route naming a channel that does not exist) marks only the
 * values of keys that hold secrets, e.g. /url|secret|password|token/i.
 */
export interface CanaryOptions {
  secretKeys?: RegExp;
}

function applyEdit(root: { doc: unknown }, edit: JsonEdit, options: CanaryOptions = {}): string | undefined {
  const all = pathsOf(root.doc);
  // "shallow" edits aim at the document's header (schema, version, timestamps, top-level lists).
  const paths = edit.kind === "shallow" ? all.filter((p) => p.length >= 1 && p.length <= 2) : all;
  const path = paths.length ? paths[edit.at % paths.length]! : [];
  const target = parentOf(root.doc, path);
  const set = (value: unknown) => {
    if (!target) root.doc = value;
    else if (Array.isArray(target.parent)) target.parent[target.key as number] = value;
    // defineProperty so that a "__proto__" key becomes a real own property, as JSON.parse makes it.
    else
      Object.defineProperty(target.parent, target.key, { value, enumerable: true, writable: true, configurable: true });
  };
  const node = path.reduce<unknown>((n, step) => (n as Record<string | number, unknown>)[step], root.doc);
  switch (edit.kind) {
    case "replace":
    case "shallow":
      set(clone(edit.value));
      return undefined;
    case "typed":
      if (typeof node === "string") set(edit.text);
      else if (typeof node === "number") set(edit.number);
      else if (typeof node === "boolean") set(!node);
      else if (Array.isArray(node) && node.length) {
        // Empty the list, or repeat one of its items many times.
        const item = node[edit.item % node.length];
        set(edit.item % 3 === 0 ? [] : Array.from({ length: 1 + (edit.item % 500) }, () => clone(item)));
      } else if (node && typeof node === "object" && (node as { status?: unknown }).status === "known")
        set({ status: "unknown", reason: "fuzz: not read", source: "fuzz" });
      return undefined;
    case "delete":
      if (target && Array.isArray(target.parent)) target.parent.splice(target.key as number, 1);
      else if (target) delete (target.parent as Record<string, unknown>)[target.key];
      return undefined;
    case "insert": {
      if (Array.isArray(node)) node.push(clone(edit.value));
      else if (node && typeof node === "object")
        Object.defineProperty(node, edit.key, {
          value: clone(edit.value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return undefined;
    }
    case "canary": {
      // Only string values are replaced: a canary is a value a user wrote, not a structure.
      if (typeof node !== "string") return undefined;
      set(edit.secret);
      const key = [...path].reverse().find((step) => typeof step === "string");
      return !options.secretKeys || (key !== undefined && options.secretKeys.test(key)) ? edit.secret : undefined;
    }
  }
}

type TextEdit =
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "flip"; at: number; byte: number }
  | { kind: "duplicate"; at: number; length: number; times: number }
  | { kind: "wrap"; depth: number; open: "[" | "{" };

const textEdit: fc.Arbitrary<TextEdit> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: hostileString }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("duplicate" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 200 }),
      times: fc.integer({ min: 2, max: 200 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("wrap" as const),
      depth: fc.integer({ min: 1, max: 100_000 }),
      open: fc.constantFrom("[" as const, "{" as const),
    }),
  },
);

function applyTextEdit(text: string, edit: TextEdit): string {
  const at = text.length ? (edit.kind === "wrap" ? 0 : edit.at % (text.length + 1)) : 0;
  switch (edit.kind) {
    case "truncate":
      return text.slice(0, at);
    case "insert":
      return text.slice(0, at) + edit.text + text.slice(at);
    case "flip":
      return text.slice(0, at) + String.fromCharCode(edit.byte) + text.slice(at + 1);
    case "duplicate": {
      const piece = text.slice(at, at + edit.length);
      return text.slice(0, at) + piece.repeat(edit.times) + text.slice(at + edit.length);
    }
    case "wrap":
      return edit.open === "["
        ? `${"[".repeat(edit.depth)}${text}${"]".repeat(edit.depth)}`
        : `${'{"a":'.repeat(edit.depth)}${text}${"}".repeat(edit.depth)}`;
  }
}

/** A mutated text and the canaries planted in it. */
export interface Mutated {
  text: string;
  secrets: string[];
}

/** Structural mutations of a parsed document: values replaced by hostile ones, keys deleted or added,
 *  canaries planted in string values (0 to 4 edits, so the seed itself comes up too). */
export function mutatedValue(
  seed: unknown,
  options: CanaryOptions = {},
): fc.Arbitrary<{ value: unknown; secrets: string[] }> {
  return fc.array(jsonEdit, { minLength: 0, maxLength: 4 }).map((edits) => {
    const root = { doc: clone(seed) };
    const secrets = edits.flatMap((edit) => applyEdit(root, edit, options) ?? []);
    return { value: root.doc, secrets };
  });
}

/**
 * Mutations of a valid JSON document: mutatedValue's structural edits, then in one case of four text
 * edits (truncation, insertions, flipped characters, repeats, deep wrapping).
 */
export function mutatedJson(seed: unknown, options: CanaryOptions = {}): fc.Arbitrary<Mutated> {
  return fc
    .record({
      mutated: mutatedValue(seed, options),
      textEdits: fc.oneof(
        { weight: 3, arbitrary: fc.constant([]) },
        { weight: 1, arbitrary: fc.array(textEdit, { minLength: 1, maxLength: 2 }) },
      ),
      indent: fc.constantFrom(0, 2),
    })
    .map(({ mutated, textEdits, indent }) => {
      let text = JSON.stringify(mutated.value, null, indent) ?? "null";
      for (const edit of textEdits) text = applyTextEdit(text, edit);
      return { text, secrets: mutated.secrets };
    });
}

/** Mutations of a valid text (YAML, HCL, CSV, JSON lines): text edits, and canaries replacing words. */
export function mutatedText(seed: string, options: CanaryOptions = {}): fc.Arbitrary<Mutated> {
  return fc
    .record({
      textEdits: fc.array(textEdit, { minLength: 0, maxLength: 3 }),
      canaries: fc.array(fc.tuple(fc.nat(), canary), { maxLength: 2 }),
    })
    .map(({ textEdits, canaries }) => {
      let text = seed;
      const secrets: string[] = [];
      for (const [at, secret] of canaries) {
        // Replace the value of one "key: value" or "key = value" line with the canary.
        const lines = text.split("\n");
        const candidates = lines.flatMap((line, index) => (/^\s*[\w.-]+\s*[:=]\s*\S/.test(line) ? [index] : []));
        if (!candidates.length) continue;
        const index = candidates[at % candidates.length]!;
        const key = /^\s*([\w.-]+)/.exec(lines[index]!)?.[1] ?? "";
        lines[index] = lines[index]!.replace(/([:=]\s*).*$/, `$1"${secret}"`);
        text = lines.join("\n");
        if (!options.secretKeys || options.secretKeys.test(key)) secrets.push(secret);
      }
      for (const edit of textEdits) text = applyTextEdit(text, edit);
      return { text, secrets };
    });
}

/**
 * YAML that attacks the parser rather than the schema: alias bombs ("billion laughs"), deep flow and block
 * nesting, merge keys, explicit and unknown tags, anchors on everything, duplicate keys, huge scalars — and
 * structural mutations of `seed` (a parsed document) written back as YAML.
 */
export function hostileYaml(seed: unknown, options: CanaryOptions = {}): fc.Arbitrary<Mutated> {
  const plain = (text: string) => ({ text, secrets: [] });
  const bomb = fc
    .record({ levels: fc.integer({ min: 1, max: 12 }), width: fc.integer({ min: 2, max: 12 }) })
    .map(({ levels, width }) => {
      let text = "a0: &a0 [lol, lol]\n";
      for (let level = 1; level <= levels; level++)
        text += `a${level}: &a${level} [${Array(width)
          .fill(`*a${level - 1}`)
          .join(", ")}]\n`;
      return plain(`${text}profile: high\n`);
    });
  const deepFlow = fc
    .integer({ min: 1, max: 200_000 })
    .map((depth) => plain(`targets: ${"[".repeat(depth)}${"]".repeat(depth)}\n`));
  const deepBlock = fc
    .integer({ min: 1, max: 1500 })
    .map((depth) => plain(`targets:\n${Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}- `).join("\n")}x\n`));
  const tagged = fc
    .tuple(
      fc.constantFrom(
        "!!binary",
        "!!timestamp",
        "!!set",
        "!!omap",
        "!!pairs",
        "!!js/function",
        "!!python/object",
        "!custom",
        "!<tag:yaml.org,2002:str>",
        "!!int",
        "!!float",
      ),
      fc.constantFrom("profile", "failOn", "thresholds", "suppressions", "targets"),
      fc.oneof(hostileString, fc.constant("{a: 1}"), fc.constant("[1, 2]"), fc.constant("0x7fffffffffffffffff")),
    )
    .map(([tag, key, value]) => plain(`${key}: ${tag} ${JSON.stringify(value)}\n`));
  const merge = fc
    .constantFrom(
      "base: &b {IAM-02.maxAdmins: 3}\nthresholds:\n  <<: *b\n  <<: *b\n",
      "thresholds: &t\n  self: *t\n",
      "profile: high\nprofile: standard\n",
      "? [a, b]\n: c\n",
      "%YAML 1.1\n---\nprofile: high\n---\nprofile: standard\n",
      "thresholds:\n  IAM-02.maxAdmins: .nan\n",
      "thresholds:\n  IAM-02.maxAdmins: -.inf\n",
      "thresholds:\n  IAM-02.maxAdmins: 1e400\n",
      "suppressions:\n  - check: NET-06\n    reason: long enough reason\n    expires: 2027-02-30\n",
      "suppressions:\n  - check: NET-06\n    reason: long enough reason\n    expires: 99999-01-01\n",
      "attestations:\n  - check: MAN-01\n    by: abc\n    date: 0000-00-00\n    evidence: a link\n",
    )
    .map(plain);
  const structural = mutatedValue(seed, options).map(({ value, secrets }) => ({
    text: toYaml(value, { aliasDuplicateObjects: false }),
    secrets,
  }));
  return fc.oneof(bomb, deepFlow, deepBlock, tagged, merge, { weight: 4, arbitrary: structural });
}
