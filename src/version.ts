import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

/** lakeward's own version, from package.json. */
export const VERSION: `${number}.${number}.${number}` = pkg.version as `${number}.${number}.${number}`;
