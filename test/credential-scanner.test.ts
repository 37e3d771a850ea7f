import { describe, expect, it } from "vitest";
import { scanForCredentials } from "../src/redact/credential-scanner.ts";
import { fingerprint } from "../src/redact/fingerprint.ts";

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
    const [finding] = scanForCredentials(`# notebook\n${line}\n`);
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
    expect(scanForCredentials(line)).toEqual([]);
  });

  it("keeps a fingerprint of the matched value, never the value", () => {
    const [finding] = scanForCredentials('db_password = "correct-horse-battery"');
    expect(finding?.fingerprint).toBe(fingerprint("correct-horse-battery"));
  });
});
