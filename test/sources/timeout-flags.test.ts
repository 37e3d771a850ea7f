/**
 * `--request-timeout` / `--scan-timeout` (issue 10 item 10): the CLI's seconds become CollectOptions.timeouts,
 * which the transports enforce (test/faults/databricks.test.ts and test/azure-faults.test.ts show the bound
 * named in the unknown's reason); a value that is not a sensible number of seconds is refused, exit 2.
 */
import { describe, expect, it } from "vitest";
import { collectOptionsFrom, type TargetFlags } from "../../src/cli/target-options.ts";
import { InputError } from "../../src/errors.ts";
import { DEFAULT_TIMEOUTS } from "../../src/sources/http/deadline.ts";
import { runCli } from "../support/cli.ts";

const flags: TargetFlags = {
  host: "https://adb-1.2.azuredatabricks.net",
  armEndpoint: "https://management.azure.com",
  databricksAuth: "sdk",
  parallel: "4",
  requestTimeout: String(DEFAULT_TIMEOUTS.requestMs / 1000),
  scanTimeout: String(DEFAULT_TIMEOUTS.scanMs / 1000),
  accountHost: "https://accounts.azuredatabricks.net",
  graphEndpoint: "https://graph.microsoft.com",
  notebookScan: true,
  maxNotebooks: "500",
};

describe("--request-timeout and --scan-timeout", () => {
  it("become the collection's timeouts, in ms", async () => {
    const options = await collectOptionsFrom({ ...flags, requestTimeout: "2.5", scanTimeout: "60" });
    expect(options.timeouts).toEqual({ requestMs: 2_500, scanMs: 60_000 });
    expect((await collectOptionsFrom(flags)).timeouts).toEqual(DEFAULT_TIMEOUTS);
  });

  it.each([
    ["--request-timeout", { requestTimeout: "0" }],
    ["--request-timeout", { requestTimeout: "0.05" }],
    ["--scan-timeout", { scanTimeout: "soon" }],
    ["--scan-timeout", { scanTimeout: "100000" }],
  ])("%s %o is refused, naming the flag", async (flag, value) => {
    const attempt = collectOptionsFrom({ ...flags, ...value });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(new RegExp(`^${flag} .*: give a number of seconds from 0.1 to 86400`));
  });

  it("on the command line: exit 2 before anything is read", async () => {
    const result = await runCli(["scan", "--host", "https://127.0.0.1:9", "--scan-timeout", "-1"], {
      DATABRICKS_TOKEN: "dapi-not-used-000000",
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--scan-timeout -1: give a number of seconds/);
  });
});
