/** Progress lines on stderr while workspaces are read, so a slow scan never looks hung. */
import pc from "picocolors";
import type { ProgressEvent } from "../sources/collect.ts";

export function progressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  quiet: boolean,
): (event: ProgressEvent) => void {
  const colors = pc.createColors(Boolean(stream.isTTY) && pc.isColorSupported);
  return (event) => {
    if (quiet) return;
    switch (event.kind) {
      case "discovered":
        stream.write(
          colors.dim(
            `reading ${event.count} workspace${event.count === 1 ? "" : "s"}${event.subscriptions ? ` of ${event.subscriptions} subscriptions` : ""}…\n`,
          ),
        );
        break;
      case "workspace-start":
        break;
      case "workspace-done": {
        const mark = event.problems ? colors.yellow("!") : colors.green("✓");
        const problems = event.problems
          ? colors.yellow(` · ${event.problems} problem${event.problems === 1 ? "" : "s"}`)
          : "";
        stream.write(
          `  ${mark} ${event.name}${colors.dim(` · ${event.requests} requests${event.retries ? ` · ${event.retries} retries` : ""} · ${(event.ms / 1000).toFixed(1)}s`)}${problems}\n`,
        );
        break;
      }
    }
  };
}
