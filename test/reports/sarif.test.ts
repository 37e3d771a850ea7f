import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import type * as Sarif from "sarif";
import { describe, expect, it } from "vitest";
import { findCheck } from "../../src/checks/registry.ts";
import { buildSarif, fileUri, renderSarif } from "../../src/reports/sarif.ts";
import { findResult, sampleDocument, withSuppressionAndLocations } from "./fixtures.ts";

const root = new URL("../..", import.meta.url).pathname;
const schema = JSON.parse(readFileSync(join(root, "test/fixtures/sarif/sarif-schema-2.1.0.json"), "utf8"));
// ajv-formats is CommonJS; its default export arrives wrapped under Node's ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (
  ajv: Ajv,
) => Ajv;

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe("SARIF 2.1.0", () => {
  const document = withSuppressionAndLocations(sampleDocument());
  const text = renderSarif(document);
  const log = JSON.parse(text) as Sarif.Log;
  const run = log.runs[0]!;
  const results = run.results ?? [];

  it("validates against the official OASIS SARIF 2.1.0 JSON schema (draft-07)", () => {
    expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
    const validate = validator();
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
  });

  it("the schema is not vacuous: a broken log fails it", () => {
    const validate = validator();
    const broken = JSON.parse(text);
    broken.runs[0].results[0].level = "critical";
    expect(validate(broken)).toBe(false);
    const noVersion = JSON.parse(text);
    delete noVersion.version;
    expect(validate(noVersion)).toBe(false);
    // Formats are checked too (ajv-formats): a URI reference cannot hold a space.
    const badUri = JSON.parse(text);
    badUri.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = "infra/my cluster.tf";
    expect(validate(badUri)).toBe(false);
  });

  it("has one rule per check that ran, with help text and Markdown carrying both fixes", () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(document.checks.map((c) => c.id));
    for (const rule of rules) {
      expect(rule.shortDescription?.text.length).toBeGreaterThan(0);
      expect(rule.fullDescription?.text.length).toBeGreaterThan(20);
      expect(rule.help?.text).toMatch(/Fix in the portal or the Databricks UI/);
      // The check's own Terraform fix, fenced as HCL: a resource block where the provider has one, comments
      // saying why not where it has none (DATA-32: no provider argument for the Genie sharing policy).
      const terraform = findCheck(rule.id)?.meta.remediation.terraform ?? "";
      expect(terraform.length).toBeGreaterThan(0);
      expect(rule.help?.markdown).toContain(`\`\`\`hcl\n${terraform}\n\`\`\``);
      expect(rule.properties?.tags).toEqual(expect.arrayContaining(["security"]));
    }
    // Most fixes are real resource blocks, not only comments.
    const withResource = rules.filter((r) => /```hcl\n[\s\S]*resource "/.test(r.help?.markdown ?? ""));
    expect(withResource.length).toBeGreaterThan(rules.length / 2);
    const net03 = rules.find((r) => r.id === "NET-03")!;
    expect(net03.properties?.["security-severity"]).toBe("8.0");
    expect(net03.properties?.tags).toEqual(expect.arrayContaining(["threat/AT", "asb/IM-6", "asb/NS-4"]));
    expect(net03.defaultConfiguration?.level).toBe("error");
  });

  it("gives every result a location GitHub accepts and a stable fingerprint", () => {
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const physical = result.locations?.[0]?.physicalLocation;
      expect(physical?.artifactLocation?.uri).toMatch(/^[A-Za-z0-9._~%!$&'()*+,;=:@/-]+$/);
      expect(physical?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(result.partialFingerprints?.primaryLocationLineHash).toMatch(/^[0-9a-f]{32}$/);
      expect(result.ruleId).toBe(run.tool.driver.rules?.[result.ruleIndex ?? -1]?.id);
    }
    const keys = results.map((r) => `${r.ruleId} ${r.partialFingerprints?.primaryLocationLineHash}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Same input, same fingerprints: GitHub tracks alerts across runs by them.
    const again = buildSarif(withSuppressionAndLocations(sampleDocument())).runs[0]!.results!;
    expect(again.map((r) => r.partialFingerprints)).toEqual(results.map((r) => r.partialFingerprints));
  });

  it("lists failures and unknowns, never passes; unknown is a review result, not a pass", () => {
    const statuses = results.map((r) => (r.properties as { status: string }).status);
    expect(statuses).not.toContain("pass");
    expect(statuses).not.toContain("not_applicable");
    const failures = document.workspaces.flatMap((w) => w.results.filter((r) => r.status === "fail"));
    expect(statuses.filter((s) => s === "fail")).toHaveLength(failures.length);
    const unknown = results.filter((r) => (r.properties as { status: string }).status === "unknown");
    expect(unknown.length).toBeGreaterThan(0);
    for (const result of unknown) {
      expect(result.kind).toBe("review");
      expect(result.level).toBe("none");
      expect(result.message.text).toMatch(/could not be verified \(unknown, not a pass\)/);
    }
    for (const result of results.filter((r) => r.kind === "fail")) expect(result.level).not.toBe("none");
  });

  it("maps a suppression to SARIF suppressions and IaC locations to files and lines", () => {
    const suppressed = results.filter((r) => r.suppressions?.length);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.ruleId).toBe("IAM-07");
    expect(suppressed[0]!.suppressions![0]).toMatchObject({
      kind: "external",
      justification: "CI token rotated by the vault job",
    });
    const data12 = results.find((r) => r.ruleId === "DATA-12" && r.locations?.length === 2)!;
    expect(
      data12.locations!.map((l) => [l.physicalLocation?.artifactLocation?.uri, l.physicalLocation?.region?.startLine]),
    ).toEqual([
      ["infra/databricks/clusters.tf", 12],
      ["infra/my%20cluster.tf", 3],
    ]);
    // Live results point at a pseudo-path per workspace and name the workspace's resource id.
    const live = results.find((r) => r.ruleId === "NET-01" && r.locations?.[0]?.logicalLocations)!;
    expect(live.locations![0]!.logicalLocations![0]!.fullyQualifiedName).toMatch(/\/workspaces\//);
    expect(fileUri("a\\b c\\d.tf")).toBe("a/b%20c/d.tf");
  });

  it("keeps hostile workspace text as data: slugged in paths, intact in messages", () => {
    expect(findResult(sampleDocument(), 1, "DATA-12").status).toBe("fail");
    const hostile = results.filter(
      (r) => (r.properties as { workspace: string }).workspace === "<img src=x onerror=alert(1)>",
    );
    expect(hostile.length).toBeGreaterThan(0);
    for (const result of hostile) {
      expect(result.message.text?.startsWith("[<img src=x onerror=alert(1)>] ")).toBe(true);
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      if (result.ruleId !== "DATA-12") expect(uri).toBe("azure-databricks/img-src-x-onerror-alert-1");
    }
  });
});
