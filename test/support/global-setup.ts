/**
 * vitest global setup: one PostgreSQL server for the whole run (see postgres.ts). Its URL reaches the
 * tests as `inject("postgresUrl")`; when it cannot start, `postgresError` says why and the store tests
 * fail with it (they do not skip: the PostgreSQL store is part of what must work).
 */
import type { TestProject } from "vitest/node";
import { startPostgres } from "./postgres.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string | null;
    postgresError: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  try {
    const server = await startPostgres();
    project.provide("postgresUrl", server.url);
    project.provide("postgresError", null);
    return () => server.stop();
  } catch (error) {
    project.provide("postgresUrl", null);
    project.provide("postgresError", error instanceof Error ? error.message : String(error));
    return async () => {};
  }
}
