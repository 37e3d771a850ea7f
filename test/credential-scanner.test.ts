import { describe, expect, it } from "vitest";
import { CHECKS } from "../src/checks/registry.ts";
import { evaluateWorkspace } from "../src/engine/evaluate.ts";
import { scanForCredentials } from "../src/redact/credential-scanner.ts";
import { fingerprint } from "../src/redact/fingerprint.ts";
import { DEFAULT_SCAN_LIMITS, readNotebookScan } from "../src/sources/databricks/workspace-objects.ts";
import type { Problem } from "../src/sources/problems.ts";
import { goodEvidence, NOW } from "./support/evidence.ts";
import { stubWorkspace } from "./support/stub-workspace.ts";

describe("the notebook credential scanner", () => {
  it.each([
    ['token = "dapi0123456789abcdef0123456789abcdef"', "Databricks personal access token"],
    ['jdbc_password = "hunter2hunter2"', "literal credential assignment"],
    ["conn = 'Server=db;User=sa;Password=Sup3rS3cret;'", "password in a connection string"],
    [
      'url = "https://x.blob.core.windows.net/c?sv=2022&sig=abcdefghijklmnopqrstuvwxyz0123456789ABCD"',
      "SAS token signature",
    ],
    ["-----BEGIN RSA PRIVATE KEY-----", "private key"],
    ['aws = "AKIAABCDEFGHIJKLMNOP"', "AWS access key id"],
    [`key = "${"A".repeat(86)}=="`, "Azure storage account key"],
  ])("finds %s", (line, kind) => {
    const [finding] = scanForCredentials(`# notebook\n${line}\n`).findings;
    expect(finding?.kind).toBe(kind);
    expect(finding?.line).toBe(2);
    expect(JSON.stringify(finding)).not.toContain("hunter2hunter2");
  });

  it.each([
    'password = dbutils.secrets.get("scope", "key")',
    'spark.conf.set("fs.azure.account.key", "{{secrets/scope/key}}")',
    'token = os.environ["DATABRICKS_TOKEN"]',
    "password = input()",
    "# the password policy is documented elsewhere",
  ])("ignores %s", (line) => {
    expect(scanForCredentials(line)).toEqual({ findings: [] });
  });

  it("keeps a fingerprint of the matched value, never the value", () => {
    const [finding] = scanForCredentials('db_password = "correct-horse-battery"').findings;
    expect(finding?.fingerprint).toBe(fingerprint("correct-horse-battery"));
  });
});

describe("linear and bounded per file (issue 10, item 13)", () => {
  it("keeps the first pattern that matches a line, and every line's own finding", () => {
    const text = [
      'a = "dapi0123456789abcdef0123456789abcdef"',
      "x = 1",
      "pwd=Sup3rS3cret;",
      'api_key = "abcdefgh"',
    ].join("\r\n");
    expect(scanForCredentials(text).findings.map((f) => `${f.line} ${f.kind}`)).toEqual([
      "1 Databricks personal access token",
      "3 password in a connection string",
      "4 literal credential assignment",
    ]);
  });

  it("256 KB and 1 MB of one hostile word scan completely, within the default time bound", () => {
    // The backtracking engine needed 4.3 s for 256 KB of "password" (64 s as one line) and grew with the
    // square; re2js is linear. The default bound (5 s) would make the result partial, so completeness here
    // shows the scan is linear: bench/credential-scanner prints the figures.
    for (const size of [256 * 1024, 1_000_000]) {
      for (const word of ["password", "password = ", "a", '"', "dapi"]) {
        expect(scanForCredentials(word.repeat(Math.ceil(size / word.length)).slice(0, size))).toEqual({ findings: [] });
      }
    }
  });

  it("scans only the first maxChars characters, and says what was not scanned", () => {
    const text = `${"x = 1\n".repeat(300)}secret = "late-hunter2"\n`;
    const scan = scanForCredentials(text, { maxChars: 1000 });
    expect(scan.findings).toEqual([]);
    expect(scan.notScanned).toBe("only the first 1,000 of 1,824 characters were scanned");
    expect(scanForCredentials(text).findings).toHaveLength(1);
  });

  it("stops at maxFindings, and at maxMillis, saying so", () => {
    const text = 'password = "hunter2hunter2"\n'.repeat(50);
    const capped = scanForCredentials(text, { maxFindings: 10 });
    expect(capped.findings).toHaveLength(10);
    expect(capped.notScanned).toBe("the scan of this file stopped at 10 findings");
    const timed = scanForCredentials(text, { maxMillis: -1 });
    expect(timed.findings).toEqual([]);
    expect(timed.notScanned).toMatch(/stopped after -0\.001 s|stopped after .* s, at line 1/);
  });
});

describe("the notebook scan says what it did not scan: partial, never a silent pass", () => {
  const judgeScan = (fact: Awaited<ReturnType<typeof readNotebookScan>>) => {
    const evidence = goodEvidence();
    evidence.databricks.notebookScan = fact;
    const result = evaluateWorkspace(evidence, CHECKS, { profile: "standard", now: NOW }).results.find(
      (r) => r.checkId === "DATA-23",
    );
    return result!;
  };

  it("a clean, complete scan passes", async () => {
    const fact = await readNotebookScan(
      stubWorkspace([{ path: "/a.py", type: "NOTEBOOK", content: "print(1)\n" }]),
      DEFAULT_SCAN_LIMITS,
      [],
    );
    expect(fact).toMatchObject({ status: "known", value: { scanned: 1, truncated: false, findings: [] } });
    expect(fact.status === "known" && fact.partial).toBeFalsy();
    expect(judgeScan(fact).status).toBe("pass");
  });

  it("a notebook longer than the limit, or a file over the export limit, makes it partial and DATA-23 unknown", async () => {
    const problems: Problem[] = [];
    const fact = await readNotebookScan(
      stubWorkspace([
        { path: "/big.py", type: "NOTEBOOK", content: `${"x = 1\n".repeat(200)}secret = "late-hunter2"\n` },
        { path: "/huge.csv", type: "FILE", size: 5_000_000 },
        { path: "/ok.py", type: "NOTEBOOK", content: "print(1)\n" },
      ]),
      { ...DEFAULT_SCAN_LIMITS, maxBytes: 1000 },
      problems,
    );
    expect(fact.status).toBe("known");
    if (fact.status !== "known") return;
    expect(fact.value).toEqual({ scanned: 2, truncated: false, findings: [] });
    expect(fact.partial).toBe(
      "2 object(s) not scanned in full: /huge.csv (5000000 bytes, over the 1000-byte export limit); /big.py (only the first 1,000 of 1,224 characters were scanned)",
    );
    const result = judgeScan(fact);
    expect(result.status).toBe("unknown");
    expect(result.message).toContain("may be incomplete (2 object(s) not scanned in full");
    expect(problems).toEqual([]);
  });

  it("a finding in a partial scan still fails", async () => {
    const fact = await readNotebookScan(
      stubWorkspace([{ path: "/leak.py", type: "NOTEBOOK", content: `token = "hunter2hunter2"\n${"#".repeat(2000)}` }]),
      { ...DEFAULT_SCAN_LIMITS, maxBytes: 1000 },
      [],
    );
    expect(judgeScan(fact).status).toBe("fail");
  });
});
