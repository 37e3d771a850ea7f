/**
 * Progress on stderr while workspaces are read, so that a slow scan never looks hung.
 *
 * On a terminal: a live block redrawn in place (at most every 200 ms) — one line per workspace in flight
 * with its requests and time so far, and a totals line (done/total, requests, 429s, ETA) — above which each
 * finished workspace is printed once. Elsewhere (a pipe, a CI log): the same finished-workspace lines only,
 * and a totals line at the end, with no escape codes. `--quiet` prints nothing.
 */

import type { ProgressEvent } from "../sources/collect.ts";
import type { TransportStats } from "../sources/http/databricks-client.ts";
import type { LimiterCounts } from "../sources/http/limiter.ts";
import { colorsFor } from "./terminal.ts";

/** At most this many in-flight workspaces get a line of their own; the rest are counted. */
const LIVE_LINES = 8;
/** Names of in-flight workspaces on a plain line. */
const IN_FLIGHT_SHOWN = 3;
const REDRAW_MS = 200;

type Stream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

const secondsText = (ms: number) =>
  ms >= 60_000
    ? `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`
    : `${(ms / 1000).toFixed(1)}s`;

export function progressReporter(stream: Stream, quiet: boolean): (event: ProgressEvent) => void {
  if (quiet) return () => {};
  const colors = colorsFor(stream);
  const live = Boolean(stream.isTTY) && process.env.TERM !== "dumb";
  const inFlight = new Map<string, { started: number; stats: TransportStats | undefined }>();
  let done = 0;
  let total = 0;
  let started = Date.now();
  let counts: LimiterCounts | undefined;
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;

  const width = () => Math.max(40, (stream.columns ?? 100) - 1);
  const clip = (line: string) => (line.length > width() ? `${line.slice(0, width() - 1)}…` : line);

  const totals = () => {
    const elapsed = Date.now() - started;
    const eta = done > 0 && done < total ? ` · ETA ${secondsText((elapsed / done) * (total - done))}` : "";
    const requests = counts ? ` · ${counts.sent} requests` : "";
    const throttled = counts?.throttled ? ` · ${counts.throttled} × 429 retried` : "";
    return `[${done}/${total}] ${secondsText(elapsed)}${requests}${throttled}${eta}`;
  };

  const erase = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A\x1b[0J`);
    drawn = 0;
  };

  const draw = () => {
    erase();
    const now = Date.now();
    const lines = [...inFlight].slice(0, LIVE_LINES).map(([name, entry]) => {
      const requests = entry.stats ? ` · ${entry.stats.requests} requests` : "";
      return clip(`  … ${name}${requests} · ${secondsText(now - entry.started)}`);
    });
    if (inFlight.size > LIVE_LINES) lines.push(`  … and ${inFlight.size - LIVE_LINES} more`);
    lines.push(clip(`  ${totals()}`));
    stream.write(`${lines.map((line) => colors.dim(line)).join("\n")}\n`);
    drawn = lines.length;
  };

  const startTimer = () => {
    if (!live || timer) return;
    timer = setInterval(draw, REDRAW_MS);
    timer.unref();
  };
  const stopTimer = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return (event) => {
    switch (event.kind) {
      case "discovered":
        // Each target of a config file is discovered and counted on its own.
        done = 0;
        total = event.count;
        started = Date.now();
        counts = event.counts;
        inFlight.clear();
        stream.write(
          colors.dim(
            `reading ${event.count} workspace${event.count === 1 ? "" : "s"}${event.subscriptions ? ` of ${event.subscriptions} subscriptions` : ""}…\n`,
          ),
        );
        startTimer();
        break;
      case "workspace-start":
        inFlight.set(event.name, { started: Date.now(), stats: event.live });
        break;
      case "workspace-done": {
        inFlight.delete(event.name);
        done++;
        const mark = event.failed ? colors.red("✗") : event.problems ? colors.yellow("!") : colors.green("✓");
        const problems = event.failed
          ? colors.red(` · not read: ${event.failed}`)
          : event.problems
            ? colors.yellow(` · ${event.problems} problem${event.problems === 1 ? "" : "s"}`)
            : "";
        const names = [...inFlight.keys()];
        const reading =
          !live && names.length
            ? ` · reading ${names.slice(0, IN_FLIGHT_SHOWN).join(", ")}${names.length > IN_FLIGHT_SHOWN ? ` +${names.length - IN_FLIGHT_SHOWN}` : ""}`
            : "";
        const count = `[${String(done).padStart(String(event.total).length)}/${event.total}]`;
        if (live) erase();
        stream.write(
          `  ${mark} ${colors.dim(count)} ${event.name}${colors.dim(` · ${event.requests} requests${event.retries ? ` · ${event.retries} retries` : ""} · ${secondsText(event.ms)}`)}${problems}${colors.dim(reading)}\n`,
        );
        if (live && inFlight.size > 0) draw();
        break;
      }
      case "finished": {
        stopTimer();
        if (live) erase();
        const failed = event.failed ? colors.red(` · ${event.failed} not read`) : "";
        const throttled = event.throttled ? ` · ${event.throttled} × 429 answered by a retry` : "";
        stream.write(
          `${colors.dim(
            `read ${event.workspaces} workspace${event.workspaces === 1 ? "" : "s"} in ${secondsText(event.ms)} · ${event.requests} requests${throttled}`,
          )}${failed}\n`,
        );
        break;
      }
    }
  };
}
