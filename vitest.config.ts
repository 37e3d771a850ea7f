import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    // vitest's default is one worker fewer than the cores — one on the 2-core CI machine, where the suite
    // then ran serially past its 15-minute budget; two workers use both cores.
    maxWorkers: 2,
    hookTimeout: 60_000,
    // one PostgreSQL server for the store tests (test/support/postgres.ts)
    globalSetup: ["test/support/global-setup.ts"],
  },
});
