/**
 * Every store test runs on both engines: the embedded store (node:sqlite in a mkdtemp data directory) and the
 * real PostgreSQL the global setup started (a fresh database per store). `openTestStore(engine)` opens
 * one; `ENGINES` is what `describe.each` iterates.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { Store, type StoreEngine } from "../../src/store/index.ts";
import { freshDatabase } from "./postgres.ts";

export const ENGINES: StoreEngine[] = ["embedded", "postgres"];

export interface TestStoreLocation {
  engine: StoreEngine;
  dataDir: string;
  store?: string;
  /** The CLI options that open the same store. */
  args: string[];
  cleanup(): Promise<void>;
}

export function postgresServerUrl(): string {
  const url = inject("postgresUrl");
  if (!url) throw new Error(`PostgreSQL is not available for the store tests: ${inject("postgresError")}`);
  return url;
}

export async function testStoreLocation(engine: StoreEngine, label = "store"): Promise<TestStoreLocation> {
  const dataDir = await mkdtemp(join(tmpdir(), `lakeward-${label}-`));
  const cleanup = () => rm(dataDir, { recursive: true, force: true });
  if (engine === "embedded") return { engine, dataDir, args: ["--data-dir", dataDir], cleanup };
  const store = await freshDatabase(postgresServerUrl(), label);
  return { engine, dataDir, store, args: ["--data-dir", dataDir, "--store", store], cleanup };
}

export async function openTestStore(
  engine: StoreEngine,
  label = "store",
): Promise<{ store: Store; location: TestStoreLocation; close(): Promise<void> }> {
  const location = await testStoreLocation(engine, label);
  const store = await Store.open({ dataDir: location.dataDir, ...(location.store ? { store: location.store } : {}) });
  return {
    store,
    location,
    close: async () => {
      await store.close();
      await location.cleanup();
    },
  };
}
