/** The shared input reader: regular files only, a size limit, a clear error naming the file (issue 10, item 12). */
import { execFileSync } from "node:child_process";
import { mkdtemp, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  checkInputFile,
  InputFileError,
  MAX_INPUT_ENV,
  readInputBytesSync,
  readInputText,
  readInputTextSync,
} from "../src/util/read-input.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lakeward-read-input-"));
  await writeFile(join(dir, "ok.json"), '\uFEFF{"a": 1}\n');
  await writeFile(join(dir, "big.json"), "x".repeat(4096));
  execFileSync("mkfifo", [join(dir, "extra.json")]);
  await symlink("/dev/zero", join(dir, "zero.json"));
  await symlink(join(dir, "ok.json"), join(dir, "link.json"));
});

/** Runs a read and returns its error (every read here must fail with an InputFileError). */
async function failure(read: () => unknown): Promise<InputFileError> {
  try {
    await read();
  } catch (error) {
    expect(error).toBeInstanceOf(InputFileError);
    return error as InputFileError;
  }
  throw new Error("expected the read to fail");
}

const asyncRead = (file: string, maxBytes?: number) =>
  readInputText(file, { kind: "snapshot", ...(maxBytes ? { maxBytes } : {}) });
const syncRead = (file: string, maxBytes?: number) =>
  readInputTextSync(file, { kind: "iac", ...(maxBytes ? { maxBytes } : {}) });

describe.each([
  ["readInputText", asyncRead],
  ["readInputTextSync", syncRead],
] as const)("%s", (_name, read) => {
  it("reads a regular file, and one behind a symlink, without the byte-order mark", async () => {
    expect(await read(join(dir, "ok.json"))).toBe('{"a": 1}\n');
    expect(await read(join(dir, "link.json"))).toBe('{"a": 1}\n');
  });

  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    const error = await failure(() => read(join(dir, "extra.json")));
    expect(error.reason).toBe("not-regular");
    expect(error.message).toBe(
      `${join(dir, "extra.json")}: not read: it is a named pipe (FIFO); lakeward reads only regular files`,
    );
  });

  it("refuses a device behind a symlink (/dev/zero would never end)", async () => {
    const error = await failure(() => read(join(dir, "zero.json")));
    expect(error.reason).toBe("not-regular");
    expect(error.message).toContain("zero.json: not read: it is a character device");
  });

  it("refuses a directory", async () => {
    const error = await failure(() => read(dir));
    expect(error.message).toContain("it is a directory");
  });

  it("refuses a file over the limit, naming the limit and how to raise it", async () => {
    const error = await failure(() => read(join(dir, "big.json"), 1024));
    expect(error.reason).toBe("too-large");
    expect(error.message).toMatch(/big\.json: not read: larger than the 1 KiB limit/);
    expect(error.hint).toContain(MAX_INPUT_ENV);
  });

  it("stops one byte past the limit on a file that reports size 0 (/proc)", async () => {
    const error = await failure(() => read("/proc/self/status", 16));
    expect(error.reason).toBe("too-large");
  });

  it("names a missing file", async () => {
    const error = await failure(() => read(join(dir, "nope.json")));
    expect(error.reason).toBe("missing");
    expect(error.message).toBe(`${join(dir, "nope.json")}: cannot read (no such file)`);
  });
});

describe("the limit", () => {
  it(`${MAX_INPUT_ENV} replaces the default limits`, async () => {
    process.env[MAX_INPUT_ENV] = "1";
    try {
      await expect(readInputText(join(dir, "ok.json"), { kind: "snapshot" })).resolves.toContain('"a"');
      await writeFile(join(dir, "two-mib.json"), Buffer.alloc(2 * 1024 * 1024, 32));
      const error = await failure(() => readInputBytesSync(join(dir, "two-mib.json"), { kind: "snapshot" }));
      expect(error.message).toContain("larger than the 1 MiB limit for a snapshot");
    } finally {
      delete process.env[MAX_INPUT_ENV];
    }
  });

  it(`a bad ${MAX_INPUT_ENV} is an input error, not a crash`, async () => {
    process.env[MAX_INPUT_ENV] = "lots";
    try {
      await expect(readInputText(join(dir, "ok.json"), { kind: "snapshot" })).rejects.toThrow(
        `${MAX_INPUT_ENV}=lots: give a whole number of MiB`,
      );
    } finally {
      delete process.env[MAX_INPUT_ENV];
    }
  });

  it("checkInputFile checks without reading (for engines that read the file themselves)", () => {
    expect(checkInputFile(join(dir, "ok.json"), { kind: "auditLog" }).isFile()).toBe(true);
    expect(() => checkInputFile(join(dir, "extra.json"), { kind: "auditLog" })).toThrow(/named pipe/);
    expect(() => checkInputFile(join(dir, "big.json"), { kind: "auditLog", maxBytes: 10 })).toThrow(/limit/);
  });
});
