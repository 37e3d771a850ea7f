import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { generatedDocs } from "../src/docs/generate.ts";

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
console.log(`wrote ${files.length} files`);
