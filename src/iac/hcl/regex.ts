/**
 * Terraform's regular-expression functions (`replace` with a `/pattern/`, `regex`, `regexall`) on an
 * RE2-semantics engine, as Terraform itself uses Go's RE2: linear time in the input, so a configuration
 * cannot stall a scan with a pattern such as `^(a+)+$` (JavaScript's backtracking RegExp takes exponential
 * time on it). re2js is a port of Go's regexp; the syntax is Go's (`(?i)`, `(?P<name>…)`, `[[:alpha:]]`).
 *
 * Bounds on top of linear matching: the pattern's length, the input's length (strings are already bounded
 * by the HCL size limits), the result's length, and a wall-clock budget per call checked between matches.
 * Past a bound the value is unknown with the reason; nothing is thrown to the scan.
 */
import { RE2JS } from "re2js";
import { LIMITS } from "../limits.ts";
import { InputProblem, tooMany } from "./budget.ts";
import { Unresolved, type Value, type ValueMap } from "./value.ts";

type Compiled = { pattern: RE2JS; names: Record<string, number> } | Unresolved;

// Compiled patterns by source: a module evaluates the same expression once per resource instance.
const cache = new Map<string, Compiled>();

function compile(source: string, fn: string): Compiled {
  const cached = cache.get(source);
  if (cached) return cached;
  let compiled: Compiled;
  if (source.length > LIMITS.regexPatternChars)
    compiled = new InputProblem(`${fn}(): the pattern is longer than ${LIMITS.regexPatternChars} characters`);
  else {
    try {
      const pattern = RE2JS.compile(source);
      compiled = { pattern, names: { ...pattern.namedGroups() } };
    } catch (error) {
      // The parser's message quotes the offending part of the pattern, which is configuration text.
      compiled = new Unresolved(
        `${fn}(): the pattern is not a valid RE2 expression (${error instanceof Error ? error.name : "error"})`,
      );
    }
  }
  if (cache.size > 1000) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

function tooLong(fn: string, what: string): InputProblem {
  return new InputProblem(`${fn}(): the ${what} is longer than ${LIMITS.regexInputChars} characters`);
}

/** Runs `each` per match (start, end, group reader) until the end, the time budget or `each` says stop. */
function eachMatch(
  compiled: { pattern: RE2JS },
  input: string,
  fn: string,
  each: (start: number, end: number, group: (i: number | string) => string | null) => boolean,
): Unresolved | null {
  const matcher = compiled.pattern.matcher(input);
  const deadline = performance.now() + LIMITS.regexMillis;
  while (matcher.find()) {
    const start = matcher.start();
    const end = matcher.end();
    if (!each(start, end, (i) => matcher.group(i as number))) return null;
    if (performance.now() > deadline)
      return new InputProblem(`${fn}(): stopped after ${LIMITS.regexMillis} ms (the time limit for one call)`);
  }
  return null;
}

/**
 * Go's Regexp.Expand for `replace`: `$1`, `${1}`, `$name`, `${name}`; `$$` is a dollar. As in Go, a name
 * is the longest run of letters, digits and underscores (`$1x` is the group named "1x", i.e. empty).
 */
function expand(template: string, group: (i: number | string) => string | null, names: Record<string, number>) {
  if (!template.includes("$")) return template;
  let out = "";
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c !== "$") {
      out += c;
      continue;
    }
    const next = template[i + 1];
    if (next === "$") {
      out += "$";
      i++;
      continue;
    }
    let name: string;
    let end: number;
    if (next === "{") {
      const close = template.indexOf("}", i + 2);
      name = close < 0 ? "" : template.slice(i + 2, close);
      if (close < 0 || !/^\w+$/.test(name)) {
        out += c; // Go keeps a malformed reference as written.
        continue;
      }
      end = close;
    } else {
      const match = /^\w+/.exec(template.slice(i + 1));
      if (!match) {
        out += c;
        continue;
      }
      name = match[0];
      end = i + name.length;
    }
    const index = /^\d+$/.test(name) ? Number(name) : names[name];
    out += index === undefined ? "" : (group(index) ?? "");
    i = end;
  }
  return out;
}

/** `replace(text, "/pattern/", replacement)`. */
export function regexReplace(text: string, source: string, replacement: string): Value {
  const compiled = compile(source, "replace");
  if (compiled instanceof Unresolved) return compiled;
  if (text.length > LIMITS.regexInputChars) return tooLong("replace", "string");
  let out = "";
  let last = 0;
  let overflow = false;
  const stopped = eachMatch(compiled, text, "replace", (start, end, group) => {
    out += text.slice(last, start) + expand(replacement, group, compiled.names);
    last = end;
    overflow = out.length > LIMITS.regexInputChars;
    return !overflow;
  });
  if (stopped) return stopped;
  if (overflow) return tooLong("replace", "result");
  return out + text.slice(last);
}

/** One match as Terraform's regex() returns it: the match, the list of captures, or a map of named ones. */
function matchValue(
  compiled: { pattern: RE2JS; names: Record<string, number> },
  group: (i: number | string) => string | null,
): Value {
  const names = Object.entries(compiled.names);
  if (names.length) {
    const out: ValueMap = {};
    for (const [name, index] of names) out[name] = group(index);
    return out;
  }
  const count = compiled.pattern.groupCount();
  if (count === 0) return group(0);
  return Array.from({ length: count }, (_, i) => group(i + 1));
}

/** `regex(pattern, text)`: the first match; Terraform fails when there is none (unknown here, so try() skips it). */
export function regexFirst(source: string, text: string): Value {
  const compiled = compile(source, "regex");
  if (compiled instanceof Unresolved) return compiled;
  if (text.length > LIMITS.regexInputChars) return tooLong("regex", "string");
  let found: Value | undefined;
  const stopped = eachMatch(compiled, text, "regex", (_start, _end, group) => {
    found = matchValue(compiled, group);
    return false;
  });
  return stopped ?? found ?? new Unresolved("regex(): the pattern does not match the string");
}

/** `regexall(pattern, text)`: every match (an empty list when none), at most LIMITS.collectionItems of them. */
export function regexAll(source: string, text: string): Value {
  const compiled = compile(source, "regexall");
  if (compiled instanceof Unresolved) return compiled;
  if (text.length > LIMITS.regexInputChars) return tooLong("regexall", "string");
  const out: Value[] = [];
  const stopped = eachMatch(compiled, text, "regexall", (_start, _end, group) => {
    out.push(matchValue(compiled, group));
    return out.length <= LIMITS.collectionItems;
  });
  if (stopped) return stopped;
  if (out.length > LIMITS.collectionItems) return tooMany("regexall()", out.length, LIMITS.collectionItems);
  return out;
}
