/**
 * Supply chain (issue 10): no install script runs beyond those docs/security.md documents. npm records in the
 * lockfile which packages have one (`hasInstallScript`); a new one fails here until it is documented there.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8")) as {
  packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};
const security = readFileSync(new URL("../docs/security.md", import.meta.url), "utf8");

describe("install scripts", () => {
  const withScripts = Object.entries(lock.packages)
    .filter(([, entry]) => entry.hasInstallScript)
    .map(([path, entry]) => `${path.replace(/^.*node_modules\//, "")}@${entry.version}`)
    .sort();

  it("are only the documented ones", () => {
    const documented = [...security.matchAll(/^- install script: `([^`]+)`/gm)].map((m) => m[1]!).sort();
    expect(documented.length, "docs/security.md lists them as '- install script: `name@version`'").toBeGreaterThan(0);
    expect(withScripts).toEqual(documented);
  });

  it("the project itself has none", () => {
    const scripts = (
      JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    for (const hook of ["preinstall", "install", "postinstall", "prepare"]) expect(scripts[hook], hook).toBeUndefined();
  });
});
