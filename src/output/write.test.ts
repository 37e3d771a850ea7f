/**
 * The one formats writer of scan's and detect's reports: where each requested format goes (--output,
 * --output-dir, the terminal), and the severity helpers both report stacks and the alert routes share.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { atLeast } from "../alerts/model.ts";
import { InputError } from "../errors.ts";
import { countBySeverity, severityCountsText, severityRank, worstSeverity } from "./severity.ts";
import { parseFormatList, writeFormats } from "./write.ts";

const FORMATS = ["console", "json", "csv"] as const;
type F = (typeof FORMATS)[number];

async function write(request: { formats: F[]; output?: string; outputDir?: string }) {
  let stdout = "";
  const sink = {
    write: (text: string) => {
      stdout += text;
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const written = await writeFormats(
    request,
    {
      terminal: () => "TERMINAL\n",
      file: (format) => (format === "json" ? ["{", "}\n"] : `${format.toUpperCase()}\n`),
      fileInDir: (format) => (request.outputDir ? join(request.outputDir, `out.${format}`) : undefined),
    },
    sink,
  );
  return { stdout, written };
}

describe("writeFormats", () => {
  it("sends each format where the request says", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lakeward-write-"));
    try {
      // --output takes the one non-console format; the console stays on the terminal.
      const one = await write({ formats: ["console", "json"], output: join(dir, "a.json") });
      expect(one).toEqual({ stdout: "TERMINAL\n", written: [join(dir, "a.json")] });
      expect(await readFile(join(dir, "a.json"), "utf8")).toBe("{}\n");
      // --output with the console only: the file, not the terminal — even beside --output-dir.
      const text = await write({ formats: ["console"], output: join(dir, "a.txt"), outputDir: dir });
      expect(text).toEqual({ stdout: "", written: [join(dir, "a.txt")] });
      expect(await readFile(join(dir, "a.txt"), "utf8")).toBe("CONSOLE\n");
      // --output-dir: every format in its file, the console on the terminal too.
      const all = await write({ formats: ["console", "json", "csv"], outputDir: join(dir, "d") });
      expect(all.stdout).toBe("TERMINAL\n");
      expect(all.written).toEqual(["console", "json", "csv"].map((f) => join(dir, "d", `out.${f}`)));
      // Neither: a non-console format goes to stdout (in pieces, in order).
      expect(await write({ formats: ["json"] })).toEqual({ stdout: "{}\n", written: [] });
      await expect(write({ formats: ["json", "csv"], output: join(dir, "x") })).rejects.toThrow(InputError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("parses --format lists against the formats there are", () => {
    expect(parseFormatList(["json,csv", "json"], FORMATS)).toEqual(["json", "csv"]);
    expect(parseFormatList(undefined, FORMATS)).toEqual(["console"]);
    expect(() => parseFormatList(["yaml"], FORMATS)).toThrow(/unknown --format yaml/);
  });
});

describe("one severity model", () => {
  it("orders, counts and compares severities the same for results, alerts and routes", () => {
    expect(severityRank("critical")).toBeLessThan(severityRank("info"));
    expect(worstSeverity(["low", "high", "medium"])).toBe("high");
    expect(worstSeverity([])).toBe("info");
    const counts = countBySeverity([{ severity: "high" }, { severity: "high" }, { severity: "low" }]);
    expect(counts).toEqual({ critical: 0, high: 2, medium: 0, low: 1, info: 0 });
    expect(severityCountsText(counts)).toBe("2 high, 1 low");
    expect(atLeast("critical", "high")).toBe(true);
    expect(atLeast("medium", "high")).toBe(false);
    expect(atLeast("high", "high")).toBe(true);
  });
});
