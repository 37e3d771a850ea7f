/**
 * `npm run build` (and `prepack`, so `npm pack` and `npm publish` always ship a fresh build): compiles src/
 * into dist/ as JavaScript. Node strips TypeScript types only outside node_modules, so an installed
 * package must carry JavaScript; a clone keeps running src/ directly (bin/lakeward.js prefers src/ when it
 * is there). tsc rewrites the sources' `./x.ts` imports to `./x.js`; the files the code reads beside
 * itself at run time (the HTML reports' styles and scripts) are copied as they are.
 */
import { spawnSync } from "node:child_process";
import { cp, readdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = join(root, "src");
const dist = join(root, "dist");

await rm(dist, { recursive: true, force: true });
const tsc = spawnSync(process.execPath, [join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) {
  process.stderr.write(`build: tsc failed (exit ${tsc.status ?? tsc.signal})\n`);
  process.exit(1);
}
let assets = 0;
for (const entry of await readdir(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || entry.name.endsWith(".ts")) continue;
  const from = join(entry.parentPath, entry.name);
  await cp(from, join(dist, relative(src, from)));
  assets++;
}
process.stderr.write(`build: dist/ compiled from src/ (${assets} assets copied)\n`);
