/**
 * Measures what each check reads on a scan of the emulator and writes src/catalogue/check-reads.ts (the one
 * source of `checks explain`'s "Reads" and docs/permissions.md's per-check table). Run after adding a check or a
 * read: `npm run measure:reads && npm run docs`.
 */
import { writeFile } from "node:fs/promises";
import { measureCheckReads, renderCheckReadsModule } from "../src/catalogue/permissions.ts";
import { judge } from "../src/cli/judge.ts";
import { startEmulator } from "../src/emulator/server.ts";
import { collectEmulator } from "../test/support/emulator.ts";

const emulator = await startEmulator({ personas: ["default", "typical", "hardened"] });
try {
  const reads = measureCheckReads(judge(await collectEmulator(emulator), "high"));
  await writeFile(new URL("../src/catalogue/check-reads.ts", import.meta.url), renderCheckReadsModule(reads));
  console.log(`measured the reads of ${Object.keys(reads).length} checks into src/catalogue/check-reads.ts`);
} finally {
  await emulator.close();
}
