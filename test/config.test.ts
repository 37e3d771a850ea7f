/** lakeward.yaml: validation with lines, thresholds and lists, suppressions and attestations. */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { coverage, isCovered } from "../src/catalogue/coverage.ts";
import { CHECKS } from "../src/checks/registry.ts";
import { exitCodeFor, judge } from "../src/cli/judge.ts";
import { type LakewardConfig, parseConfig } from "../src/config/config.ts";
import { InputError } from "../src/errors.ts";
import { runCli } from "./support/cli.ts";
import { goodEvidence, k, NOW } from "./support/evidence.ts";

const parse = (text: string) => parseConfig("lakeward.yaml", text);
const errorOf = (text: string) => {
  try {
    parse(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).message;
  }
  throw new Error("expected an error");
};

describe("parsing", () => {
  it("accepts the documented example", () => {
    const config = parse(readFileSync(new URL("../examples/lakeward.yaml", import.meta.url), "utf8"));
    expect(config.thresholds?.["IAM-02.maxAdmins"]).toBe(4);
    expect(config.attestations?.map((a) => a.check)).toEqual(["MAN-01", "MAN-05"]);
    expect(config.suppressions?.[0]?.expires).toBe("2027-06-30");
  });

  it.each([
    ["profile: high\nthresholds: [1\n", /line [23]: invalid YAML/],
    ["profile: high\nprofil: standard\n", /line 2: \(top level\): unknown key "profil" \(keys here: profile, /],
    [
      "targets:\n  - host: https://adb-1.2.azuredatabricks.net\n\n    subscriptin: abc\n",
      /line 4: targets\.0: unknown key "subscriptin"/,
    ],
    [
      "thresholds:\n  IAM-02.maxAdmin: 3\n",
      /line 2: thresholds\.IAM-02\.maxAdmin: IAM-02 has no threshold "maxAdmin" \(it has: maxAdmins\)/,
    ],
    ["thresholds:\n  NOPE-1.x: 3\n", /line 2: thresholds\.NOPE-1\.x: no check NOPE-1/],
    ["lists:\n  GOV-07.requiredTags: CostCenter\n", /line 2: lists\.GOV-07\.requiredTags: .*expected array/i],
    ["suppressions:\n  - check: NET-06\n    reason: short\n", /line 3: suppressions\.0\.reason: say why/],
    [
      "suppressions:\n  - check: NET-06\n    reason: reached over VPN only\n    expires: next year\n",
      /line 4: suppressions\.0\.expires: expected a date as YYYY-MM-DD/,
    ],
    [
      "attestations:\n  - check: NET-01\n    by: me@x.y\n    date: 2026-01-01\n    evidence: a screenshot\n",
      /line 2: attestations\.0\.check: NET-01 is judged from evidence/,
    ],
  ])("%j is refused with file, line and key", (text, expected) => {
    const message = errorOf(text);
    expect(message).toMatch(/^lakeward\.yaml: line \d+: /);
    expect(message).toMatch(expected);
  });
});

describe("applied to results", () => {
  const evidence = () => {
    const e = goodEvidence();
    e.azure.publicNetworkAccess = k("Enabled");
    e.databricks.admins = k(
      Array.from({ length: 7 }, (_, i) => ({
        id: String(i),
        name: `a${i}@example.com`,
        displayName: null,
        type: "user" as const,
        via: null,
      })),
    );
    return e;
  };
  const resultOf = (config: LakewardConfig, id: string) =>
    judge([evidence()], "high", NOW, config).workspaces[0]!.results.find((r) => r.checkId === id)!;

  it("thresholds change verdicts", () => {
    expect(resultOf({}, "IAM-02").status).toBe("fail");
    expect(resultOf({ thresholds: { "IAM-02.maxAdmins": 8 } }, "IAM-02").status).toBe("pass");
  });

  it("lists change verdicts", () => {
    expect(resultOf({}, "GOV-07").status).toBe("pass");
    expect(resultOf({ lists: { "GOV-07.requiredTags": ["CostCenter", "DataClassification"] } }, "GOV-07").status).toBe(
      "fail",
    );
  });

  it("a suppression marks the failure, keeps its status and takes it out of --fail-on", () => {
    const config: LakewardConfig = {
      suppressions: [{ check: "NET-06", scope: "w*", reason: "reached over VPN only", expires: "2099-01-01" }],
    };
    const suppressed = resultOf(config, "NET-06");
    expect(suppressed.status).toBe("fail");
    expect(suppressed.suppression).toEqual({ reason: "reached over VPN only", expires: "2099-01-01", scope: "w*" });
    const onlyNet06 = (c: LakewardConfig) => {
      const document = judge([evidence()], "high", NOW, { ...c, thresholds: { "IAM-02.maxAdmins": 8 } });
      return exitCodeFor(document, "high");
    };
    expect(onlyNet06({})).toBe(1);
    expect(onlyNet06(config)).toBe(0);
  });

  it("a suppression scoped to another workspace does not apply", () => {
    expect(
      resultOf({ suppressions: [{ check: "NET-06", scope: "prod-*", reason: "reached over VPN only" }] }, "NET-06")
        .suppression,
    ).toBeUndefined();
  });

  it("an expired suppression stops suppressing and says so", () => {
    const result = resultOf(
      { suppressions: [{ check: "NET-06", scope: "*", reason: "reached over VPN only", expires: "2026-01-31" }] },
      "NET-06",
    );
    expect(result.suppression).toBeUndefined();
    expect(result.message).toMatch(/suppression expired on 2026-01-31 and no longer applies/);
  });

  it("an attestation answers a manual check; an expired one does not", () => {
    expect(resultOf({}, "MAN-01").status).toBe("manual");
    const attested = resultOf(
      {
        attestations: [
          {
            check: "MAN-01",
            scope: "*",
            by: "sec@x.y",
            date: "2026-10-01",
            evidence: "portal screenshot",
            expires: "2099-01-01",
          },
        ],
      },
      "MAN-01",
    );
    expect(attested.status).toBe("pass");
    expect(attested.attestation).toEqual({
      by: "sec@x.y",
      date: "2026-10-01",
      evidence: "portal screenshot",
      expires: "2099-01-01",
    });
    const stale = resultOf(
      {
        attestations: [
          {
            check: "MAN-01",
            scope: "*",
            by: "sec@x.y",
            date: "2025-01-01",
            evidence: "portal screenshot",
            expires: "2025-12-31",
          },
        ],
      },
      "MAN-01",
    );
    expect(stale.status).toBe("manual");
    expect(stale.message).toMatch(/expired on 2025-12-31/);
  });
});

describe("the CLI", () => {
  it("a broken config file is one clear line and exit 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lakeward-config-"));
    const file = join(dir, "lakeward.yaml");
    await writeFile(file, "profile: high\nsuppressions:\n  - check: NET-06\n    reason: x\n");
    const run = await runCli(["scan", "--config", file, "--snapshot", "does-not-matter.json"]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/lakeward\.yaml: line 4: suppressions\.0\.reason: say why/);
  });
});

describe("coverage", () => {
  const view = coverage(CHECKS);
  it("covers every recommendation of the guide's section 5", () => {
    expect(view.guide.filter((row) => !isCovered(row)).map((row) => row.id)).toEqual([]);
  });
  it("covers every CIS §2.1 item", () => {
    expect(view.cis.filter((row) => !isCovered(row)).map((row) => row.id)).toEqual([]);
  });
  it("lists all 70 ASB v2 controls of the baseline, covered or not", () => {
    expect(view.asb).toHaveLength(70);
  });

  const catalogue = new URL("../../shared/CHECKS.md", import.meta.url).pathname;
  it.skipIf(!existsSync(catalogue))(
    "implements every id of ../shared/CHECKS.md (skipped when ../shared is absent)",
    () => {
      const ids = [
        ...new Set(
          [
            ...readFileSync(catalogue, "utf8")
              .split("## Equivalence with the Databricks Security Analysis Tool")[0]!
              .matchAll(/^\| ((?:NET|IAM|DATA|GOV|INFO|MAN)-\d{2}) \|/gm),
          ].map((m) => m[1]!),
        ),
      ];
      expect(ids.length).toBeGreaterThan(80);
      // The catalogue predates issue 17's checks for the 2026 platform, its combined findings and issue 20's graph checks; every other
      // check is one of its ids.
      const addedSince = [
        "CMB-01",
        "CMB-02",
        "CMB-03",
        "DATA-29",
        "DATA-30",
        "DATA-31",
        "DATA-32",
        "GOV-20",
        "GOV-21",
        "GOV-22",
        "GOV-23",
        "GOV-24",
        "IAM-16",
        "IAM-17",
        "IAM-18",
        "IAM-19",
        "INFO-08",
        "INFO-09",
        "INFO-10",
        "INFO-11",
        // issue 20: the permission graph's checks
        "DATA-33",
        "DATA-34",
        "IAM-20",
        "IAM-21",
        "IAM-22",
        "IAM-23",
      ];
      expect(CHECKS.map((c) => c.meta.id).sort()).toEqual([...ids, ...addedSince].sort());
    },
  );
});
