import { InputError } from "../errors.ts";

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
