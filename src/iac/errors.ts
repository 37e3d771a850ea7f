import { InputError } from "../errors.ts";
import { type ParsedJson, parseJsonText } from "../util/json-file.ts";

/** A configuration file lakeward could not read: syntax error, bad value. Names the file and line. */
export class IacFileError extends InputError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, message: string, hint?: string) {
    super(`${file}:${line}: ${message}`, hint);
    this.file = file;
    this.line = line;
  }
}

/**
 * parseJsonText for configuration files (templates, parameters, plans, .tfvars.json, modules.json): a syntax
 * error becomes an IacFileError naming file and line, which the scan reports while it judges the other files.
 */
export function parseConfigJson(file: string, text: string, options: { allowComments?: boolean } = {}): ParsedJson {
  try {
    return parseJsonText(file, text, options);
  } catch (error) {
    const message = (error as Error).message;
    const line = Number(/line (\d+)/.exec(message)?.[1] ?? 1);
    throw new IacFileError(file, line, message.replace(`${file}: `, "").replace(/^line \d+: /, ""));
  }
}
