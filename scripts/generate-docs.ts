import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generatedDocs, permissionsReadsTable } from "../src/docs/generate.ts";

const root = new URL("..", import.meta.url).pathname;
const files = generatedDocs();
// Remove pages of checks that no longer exist.
const wanted = new Set(files.map((file) => file.path));
for (const name of await readdir(join(root, "docs/checks")).catch(() => [])) {
  if (!wanted.has(`docs/checks/${name}`)) await rm(join(root, "docs/checks", name));
}
for (const file of files) {
  await mkdir(dirname(join(root, file.path)), { recursive: true });
  await writeFile(join(root, file.path), file.content);
}
// docs/permissions.md is written by hand but for its per-check table, which comes from CHECK_READS.
const permissionsPath = join(root, "docs/permissions.md");
const permissions = await readFile(permissionsPath, "utf8");
const updated = permissions.replace(
  /(<!-- reads:[^>]*-->\n)[\s\S]*?(\n<!-- end reads -->)/,
  (_all, start: string, end: string) => `${start}${permissionsReadsTable()}${end}`,
);
await writeFile(permissionsPath, updated);
console.log(`wrote ${files.length} files and docs/permissions.md's per-check table`);
