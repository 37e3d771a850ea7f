import { Writable } from "node:stream";
import { main } from "../../src/cli/main.ts";

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

class Capture extends Writable {
  text = "";
  columns = 100;
  readonly isTTY: boolean;
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CliRunOptions {
  /** Streams that say they are terminals (colour on unless something turns it off); default: not. */
  terminal?: boolean;
}

/** Runs the CLI in this process, with the given environment variables set for the duration. */
export async function runCli(
  args: string[],
  env: Record<string, string | undefined> = {},
  options: CliRunOptions = {},
): Promise<CliRun> {
  // A FORCE_COLOR from the CI environment would colour these captures; tests that want colour set it.
  env = { FORCE_COLOR: undefined, ...env };
  const stdout = new Capture(options.terminal ?? false);
  const stderr = new Capture(options.terminal ?? false);
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    const code = await main(["node", "lakeward", ...args], { stdout, stderr });
    return { code, stdout: stdout.text, stderr: stderr.text };
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
