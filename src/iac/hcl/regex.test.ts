/**
 * replace() with a /pattern/, regex() and regexall() run on RE2 (re2js), as Terraform's do: Go syntax and
 * Go's replacement expansion, linear time. On the old code replace() used JavaScript's backtracking RegExp,
 * and `/^(a+)+$/` on 30 a's and a "!" ran for minutes (the first test never finished).
 */
import { describe, expect, it } from "vitest";
import { EvalBudget } from "./budget.ts";
import { type EvalScope, Evaluator } from "./evaluate.ts";
import { FileRoots } from "./files.ts";
import { parseHcl } from "./parse.ts";
import { isUnresolved, Unresolved, type Value } from "./value.ts";

function scope(budget = new EvalBudget()): EvalScope {
  return {
    moduleDir: ".",
    roots: new FileRoots(["."]),
    budget,
    defaultFile: "r.tf",
    root: (name) => ({ value: new Unresolved(`${name} unknown`), consumed: 0 }),
  };
}

async function value(expression: string, budget?: EvalBudget): Promise<Value> {
  const file = await parseHcl("r.tf", `v = ${expression}\n`);
  return new Evaluator(scope(budget)).evaluate(file.body.attributes.get("v")!.expr);
}

describe("regular expressions (RE2)", () => {
  it("a catastrophic-backtracking pattern returns at once", async () => {
    const input = `${"a".repeat(30)}!`;
    const started = performance.now();
    expect(await value(`replace("${input}", "/^(a+)+$/", "x")`)).toBe(input);
    expect(await value(`regexall("^(a+)+$", "${input}")`)).toEqual([]);
    // Bounded, not timed precisely (benchmarks measure speed): minutes on the old code.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it.each([
    // Go's expansion: $1, ${1}, named groups, $$ for a dollar.
    ['replace("ws-dev-01", "/-(\\\\w+)-(\\\\d+)/", "_$${2}_$${1}")', "ws_01_dev"],
    ['replace("ws-dev", "/(?P<env>dev|prod)/", "[$${env}]")', "ws-[dev]"],
    ['replace("ws-dev", "/(?P<env>dev|prod)/", "<$env>")', "ws-<dev>"],
    ['replace("a.b.c", "/\\\\./", "$$")', "a$b$c"],
    // Go's rule: a name is the longest run of word characters, so $1x is a group named "1x" (empty).
    ['replace("ab", "/(a)/", "$1x")', "b"],
    ['replace("ws-dev-01", "/-(\\\\w+)-(\\\\d+)/", "_$2_$1")', "ws_dev"],
    // RE2 syntax Terraform configurations use: inline flags, POSIX classes.
    ['replace("ABC-def", "/(?i)[a-c]+/", "x")', "x-def"],
    ['replace("a1b2", "/[[:digit:]]/", "")', "ab"],
    // Not a regular expression without the slashes.
    ['replace("a.b", ".", "-")', "a-b"],
    ['regex("[a-z]+", "123abc456")', "abc"],
    ['regex("(\\\\d+)-(\\\\d+)", "x 12-34")', ["12", "34"]],
    ['regex("(?P<major>\\\\d+)\\\\.(?P<minor>\\\\d+)", "v4.12")', { major: "4", minor: "12" }],
    ['regexall("\\\\d+", "a1b22c333")', ["1", "22", "333"]],
    ['length(regexall("x", "abc")) > 0', false],
    ['try(regex("z", "abc"), "none")', "none"],
  ])("%s", async (expression, expected) => {
    expect(await value(expression)).toEqual(expected);
  });

  it("an invalid or non-RE2 pattern is unknown, with neither a crash nor the pattern quoted", async () => {
    // Backreferences and lookbehind are not RE2.
    for (const pattern of ["(a", "(a)\\\\1", "(?<=a)b"]) {
      const result = await value(`replace("aab", "/${pattern}/", "x")`);
      expect(isUnresolved(result), pattern).toBe(true);
      expect((result as Unresolved).reason).toMatch(/not a valid RE2 expression/);
    }
  });

  it("a replacement that would grow past the string limit is unknown and an input error at its line", async () => {
    const budget = new EvalBudget();
    const result = await value(
      'replace(join("", [for i in range(0, 5000) : "aaaa"]), "/a/", join("", [for i in range(0, 5000) : "bbbb"]))',
      budget,
    );
    expect(isUnresolved(result)).toBe(true);
    expect(budget.errors.map((e) => e.message).join("\n")).toMatch(/^r\.tf:1: replace\(\): the result is longer than/m);
  });
});
