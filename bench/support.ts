/** What every benchmark under bench/ needs: options, a self-imposed time limit and memory figures. */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";

const args = process.argv.slice(2);

/** `--name value` from the command line, or the fallback. */
export const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};

/** Whether `--name` was given. */
export const flag = (name: string): boolean => args.includes(name);

/** Ends the process (exit 3) after the given minutes, so a benchmark never runs unbounded. */
export function stopAfter(benchmark: string, minutes: number): void {
  const watchdog = setTimeout(() => {
    console.error(`${benchmark}: stopped after ${minutes} minutes`);
    process.exit(3);
  }, minutes * 60_000);
  watchdog.unref();
}

/** Samples the resident set size every 50 ms; `reset()` starts a new peak (for one phase of a run). */
export class RssSampler {
  peak = 0;
  constructor() {
    setInterval(() => {
      this.peak = Math.max(this.peak, process.memoryUsage().rss);
    }, 50).unref();
  }
  reset(): void {
    this.peak = process.memoryUsage().rss;
  }
}

/** The process's resident set high-water mark (VmHWM in /proc/self/status), where Linux reports it. */
export async function vmHwm(): Promise<number | undefined> {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(await readFile("/proc/self/status", "utf8"));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Formats a docs file the benchmark rewrote as `npm run check` wants it (biome formats Markdown too), so
 * that figures written by a benchmark never fail the lint.
 */
export function formatDocs(path: string): void {
  const biome = new URL("../node_modules/.bin/biome", import.meta.url).pathname;
  execFileSync(biome, ["format", "--write", path], { stdio: "ignore" });
}
