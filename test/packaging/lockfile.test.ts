/**
 * The tracked package-lock.json must be the one `npm install` writes, so that a fresh clone's `npm install`
 * leaves `git status` clean and `npm ci` accepts it. npm records every platform's optional binaries
 * (Biome's, DuckDB's) in the lockfile, including those it does not install on this machine; a lockfile
 * pruned to this platform's builds is rewritten by every `npm install` and refused by `npm ci` ("Missing:
 * @biomejs/cli-darwin-arm64 from lock file"). This test finds such pruning without running npm.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

interface LockEntry {
  version?: string;
  resolved?: string;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const lock = JSON.parse(readFileSync(new URL("../../package-lock.json", import.meta.url), "utf8")) as {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
};
const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

/** Where npm would find `name` from the package at `from`: its own node_modules, then each ancestor's. */
function resolve(from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return undefined;
    const at = base.lastIndexOf("/node_modules/");
    base = at < 0 ? "" : base.slice(0, at);
  }
}

describe("package-lock.json", () => {
  it("is the lockfile of this package.json, version 3", () => {
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.packages[""]).toMatchObject({ name: pkg.name, version: pkg.version });
  });

  it("records every platform's optional binaries, not only this machine's", () => {
    const missing: string[] = [];
    let optional = 0;
    for (const [path, entry] of Object.entries(lock.packages)) {
      for (const name of Object.keys(entry.optionalDependencies ?? {})) {
        optional++;
        if (!resolve(path, name)) missing.push(`${path || "(root)"} → ${name}`);
      }
    }
    expect(optional).toBeGreaterThan(10);
    expect(missing, "entries npm install would add back (a pruned lockfile)").toEqual([]);
  });

  it("names no registry URL (npm here is set to omit them; a tarball URL ties the lockfile to one mirror)", () => {
    const withUrl = Object.entries(lock.packages).filter(([, entry]) => entry.resolved?.startsWith("http"));
    expect(withUrl.map(([path]) => path)).toEqual([]);
  });
});
