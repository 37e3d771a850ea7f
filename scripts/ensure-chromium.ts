/**
 * `npm test` runs this first (the `pretest` script). The HTML report's browser test drives Debian's
 * Chromium with playwright-core and never downloads a browser. When Chromium is missing and this runs as
 * root with apt-get, it installs Debian's `chromium` package; otherwise it says what is missing and the
 * browser test skips with the same message. It never fails the test run.
 *
 *   LAKEWARD_CHROMIUM=/path/to/chromium   use another Chromium binary
 *   LAKEWARD_SKIP_CHROMIUM_INSTALL=1      never install, only report
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const chromium = process.env.LAKEWARD_CHROMIUM ?? "/usr/bin/chromium";
const aptGet = ["/usr/bin/apt-get", "/bin/apt-get"].find((path) => existsSync(path));
const say = (line: string) => process.stderr.write(`ensure-chromium: ${line}\n`);

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  return result.status === 0;
}

if (existsSync(chromium)) {
  // Present: nothing to do.
} else if (process.env.LAKEWARD_SKIP_CHROMIUM_INSTALL === "1") {
  say(`${chromium} is missing and LAKEWARD_SKIP_CHROMIUM_INSTALL=1: the HTML browser test will be skipped.`);
} else if (process.platform === "linux" && process.getuid?.() === 0 && aptGet && !process.env.LAKEWARD_CHROMIUM) {
  say(`${chromium} is missing; installing Debian's chromium package for the HTML browser test…`);
  const installed =
    run(aptGet, ["-qq", "update"]) &&
    run(aptGet, ["-y", "-qq", "-o", "Dpkg::Use-Pty=0", "install", "chromium"]) &&
    existsSync(chromium);
  say(
    installed
      ? `installed ${chromium}.`
      : `could not install chromium with apt-get (see above): the HTML browser test will be skipped.`,
  );
} else {
  const why = [
    process.platform !== "linux" ? `this is ${process.platform}, not Debian/Ubuntu` : "",
    process.getuid?.() !== 0 ? "not running as root" : "",
    aptGet ? "" : "no apt-get",
    process.env.LAKEWARD_CHROMIUM ? "LAKEWARD_CHROMIUM names a binary that does not exist" : "",
  ]
    .filter(Boolean)
    .join(", ");
  say(
    `${chromium} is missing and cannot be installed here (${why}). Install Chromium (Debian/Ubuntu: \`sudo apt-get install chromium\`) or set LAKEWARD_CHROMIUM; until then the HTML browser test is skipped.`,
  );
}
