/** A target that breaks each property on request, so the harness's own test can show it catches them. */
import { InputError } from "../../../src/errors.ts";
import type { FuzzCase, FuzzOutcome } from "../harness.ts";

export function run(_dir: string, fuzzCase: FuzzCase): FuzzOutcome {
  const secret = fuzzCase.secrets?.[0] ?? "";
  switch (fuzzCase.options?.behave) {
    case "type-error":
      return (null as unknown as { x: FuzzOutcome }).x;
    case "hang":
      for (;;) {
        // A synchronous loop: only terminating the worker ends it.
      }
    case "input-error":
      throw new InputError("x.json: line 1: invalid JSON (InvalidSymbol)");
    case "leaky-error":
      throw new InputError(`x.json: line 1: unexpected value ${secret}`);
    case "leaky-output":
      return { outputs: [`value: ${secret}`] };
    case "false-pass":
      return { outputs: [], verdicts: [{ status: "pass", about: "x.json" }], unread: ["x.json"] };
    default:
      return { outputs: ["fine"], verdicts: [{ status: "pass", about: "y.json" }], unread: ["x.json"] };
  }
}
