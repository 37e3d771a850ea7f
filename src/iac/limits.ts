/**
 * Every bound `lakeward iac` puts on its input, in one place (docs/iac.md lists them). A configuration past
 * a bound is an input error at file:line (exit 2) and the rest of the work goes on: what could be read is
 * judged, what could not is unknown. Never a hang, never a crash, never a silent cut.
 *
 * Why these numbers: the HCL parser (tree-sitter in WebAssembly) needs about 400 MiB and seconds for one
 * MiB of HCL, and its memory never shrinks again; real configurations stay far below every figure here
 * (the largest public Terraform files for Azure Databricks are tens of KiB, nest fewer than 20 levels and
 * expand a few hundred instances).
 */
export const LIMITS = {
  /** Native HCL files (.tf, .tfvars, .terraform.lock.hcl). JSON inputs use the shared reader's IaC limit. */
  hclFileBytes: 1024 * 1024,
  /** One string of a .tf.json file that holds `${…}`: parsed by the HCL parser. */
  templateChars: 256 * 1024,
  /** Depth of the HCL syntax tree: nested blocks, brackets, operators, interpolations (≈ 2 per bracket). */
  hclNesting: 400,
  /** Nested evaluation (an expression inside another, a local referring to a local …). */
  evaluationDepth: 500,
  /** Evaluation steps per configuration (every expression evaluated, every collection element produced). */
  evaluationSteps: 5_000_000,
  /** Characters of strings produced by evaluation per configuration (templates, functions, file()). */
  stringChars: 256 * 1024 * 1024,
  /** One string value (a template, a function's result). */
  stringValueChars: 16 * 1024 * 1024,
  /** Elements of one list, set or map built by evaluation (range(), for expressions, concat(), …). */
  collectionItems: 100_000,
  /** Instances of one resource (`count`, `for_each`). */
  resourceInstances: 1000,
  /** Instances of one module call (`count`, `for_each`). */
  moduleInstances: 100,
  /** Nested module calls (root → child → grandchild …). */
  moduleDepth: 16,
  /** Resource instances of one configuration, all modules together. */
  configurationInstances: 20_000,
  /** ARM `copy` count: Azure Resource Manager's own maximum. */
  armCopyInstances: 800,
  /** Nested function calls in one ARM template expression. */
  armExpressionDepth: 100,
  /** One ARM template expression string. */
  armExpressionChars: 64 * 1024,
  /** A regular expression (replace, regex, regexall). */
  regexPatternChars: 8 * 1024,
  /** The string a regular expression is applied to, and what `replace` may produce. */
  regexInputChars: 16 * 1024 * 1024,
  /** Wall-clock budget of one regular-expression call (RE2 is linear; this bounds a very large input). */
  regexMillis: 1000,
} as const;
