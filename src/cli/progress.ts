/**
 * Progress lines on stderr while workspaces are read, so a slow scan never looks hung: how many are done
 * of how many, each one's requests, time and problems, and which are still being read.
 */
import type { ProgressEvent } from "../sources/collect.ts";
import { colorsFor } from "./terminal.ts";

/** At most this many in-flight names on a line; the rest are counted. */
const IN_FLIGHT_SHOWN = 3;

export function progressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  quiet: boolean,
): (event: ProgressEvent) => void {
  const colors = colorsFor(stream);
  const inFlight = new Set<string>();
  let done = 0;
  return (event) => {
    if (quiet) return;
    switch (event.kind) {
      case "discovered":
        // Each target of a config file is discovered and counted on its own.
        done = 0;
        inFlight.clear();
        stream.write(
          colors.dim(
            `reading ${event.count} workspace${event.count === 1 ? "" : "s"}${event.subscriptions ? ` of ${event.subscriptions} subscriptions` : ""}…\n`,
          ),
        );
        break;
      case "workspace-start":
        inFlight.add(event.name);
        break;
      case "workspace-done": {
        inFlight.delete(event.name);
        done++;
        const mark = event.problems ? colors.yellow("!") : colors.green("✓");
        const problems = event.problems
          ? colors.yellow(` · ${event.problems} problem${event.problems === 1 ? "" : "s"}`)
          : "";
        const names = [...inFlight];
        const reading = names.length
          ? ` · reading ${names.slice(0, IN_FLIGHT_SHOWN).join(", ")}${names.length > IN_FLIGHT_SHOWN ? ` +${names.length - IN_FLIGHT_SHOWN}` : ""}`
          : "";
        const count = `[${String(done).padStart(String(event.total).length)}/${event.total}]`;
        stream.write(
          `  ${mark} ${colors.dim(count)} ${event.name}${colors.dim(` · ${event.requests} requests${event.retries ? ` · ${event.retries} retries` : ""} · ${(event.ms / 1000).toFixed(1)}s`)}${problems}${colors.dim(reading)}\n`,
        );
        break;
      }
    }
  };
}
