/**
 * How lakeward writes to a terminal: one prefix for errors and one for warnings, and whether to colour.
 *
 * Colour: never with `--no-color` (any command) or a non-empty NO_COLOR never with `--no-color` (any command) or a non-empty NO_COLOR
 * (https://no-color.org), nor on a dumb terminal; always with FORCE_COLOR (other than 0); otherwise only
 * on a terminal. One decision for every command and stream, so no output escapes it.
 */
import pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

/** Set by main() from the command line for the duration of a run. */
let noColorFlag = false;

export function setNoColorFlag(value: boolean): void {
  noColorFlag = value;
}

export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  if (env.TERM === "dumb") return false;
  return Boolean(stream.isTTY);
}

/** picocolors' functions for a stream: plain text when colour is off. */
export function colorsFor(stream: { isTTY?: boolean }): Colors {
  return pc.createColors(useColor(stream));
}

/** How every error lakeward prints begins, commander's usage errors included. */
export const ERROR_PREFIX = "lakeward: error: ";
/** How every warning begins (something was not read, the rest of the run went on). */
export const WARNING_PREFIX = "lakeward: warning: ";

/**
 * One error or warning line as every command prints it: the prefix, the message, and what to do next in
 * parentheses. Colour follows the stream.
 */
export function diagnostic(
  stream: { isTTY?: boolean },
  kind: "error" | "warning",
  message: string,
  hint?: string,
): string {
  const colors = colorsFor(stream);
  const prefix = kind === "error" ? colors.red(ERROR_PREFIX.trimEnd()) : colors.yellow(WARNING_PREFIX.trimEnd());
  return `${prefix} ${message}${hint ? colors.dim(` (${hint})`) : ""}\n`;
}
