/**
 * The Node.js a user's shell runs (the host's, here Node 20), found on PATH outside node_modules/.bin
 * (where `npm test` puts the project's Node 24 first), and that PATH, for running npm and lakeward as a
 * user would.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";

export const USER_PATH = (process.env.PATH ?? "")
  .split(delimiter)
  .filter((dir) => !dir.split(/[\\/]/).includes("node_modules"))
  .join(delimiter);

function find(): { path: string; major: number } | undefined {
  for (const dir of USER_PATH.split(delimiter)) {
    const candidate = join(dir, "node");
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ["-p", "process.versions.node"], { encoding: "utf8" }).stdout.trim();
    return { path: candidate, major: Number(version.split(".")[0]) };
  }
  return undefined;
}

export const HOST_NODE = find();
