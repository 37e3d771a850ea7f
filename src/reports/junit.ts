/**
 * JUnit XML, for CI systems that show test results (Azure DevOps "Publish Test Results", GitLab, Jenkins).
 *
 * One <testsuite> per workspace, one <testcase> per check. The mapping:
 *   pass                      → passed test case
 *   fail                      → <failure> (message = finding, type = severity)
 *   unknown                   → <error>: the check could not run because its evidence could not be read;
 *                               CI systems count errors as failed, so unknown never passes a pipeline
 *   not_applicable            → <skipped> with the reason
 *   fail, suppressed          → <skipped> naming the suppression (it does not count towards --fail-on)
 *   manual, no attestation    → <skipped> ("manual check: needs an attestation")
 *   manual, attested          → passed, the attestation in <system-out>
 * The evidence, resources and the fix go into <system-out> of failing and unknown cases.
 */
import { create } from "xmlbuilder2";
import { xmlText } from "../output/text.ts";
import type { ResultsDocument } from "./results-document.ts";
import {
  type CheckInfo,
  checkCatalogue,
  displayStatus,
  documentTime,
  formatValue,
  type ResultEntry,
  type WorkspaceReport,
} from "./shared.ts";

type XMLBuilder = ReturnType<typeof create>;

const clean = xmlText;

function details(result: ResultEntry, check: CheckInfo | undefined): string {
  const lines = [
    `${result.checkId} ${result.title}`,
    `status: ${result.status} · severity: ${result.severity}`,
    "",
    result.message,
  ];
  if (result.resources.length) lines.push("", "resources:", ...result.resources.map((r) => `  - ${r}`));
  if (result.evidence.length) {
    lines.push("", "evidence:");
    for (const e of result.evidence) {
      const what = e.reason !== undefined ? `unknown: ${e.reason}` : formatValue(e.value, 1000);
      lines.push(
        `  - ${e.label} = ${what}  [${e.source}]${e.note ? ` (${e.note})` : ""}${e.partial ? ` (partial: ${e.partial})` : ""}`,
      );
    }
  }
  if (result.locations?.length)
    lines.push("", "declared at:", ...result.locations.map((l) => `  - ${l.file}:${l.line}`));
  if (check?.rationale) lines.push("", `why it matters: ${check.rationale}`);
  if (check?.remediation) {
    lines.push("", `fix (portal / UI): ${check.remediation.ui}`, "", "fix (Terraform):", check.remediation.terraform);
  }
  return clean(lines.join("\n"));
}

function addCase(
  suite: XMLBuilder,
  workspace: WorkspaceReport,
  result: ResultEntry,
  check: CheckInfo | undefined,
  at: Date,
) {
  const testcase = suite.ele("testcase", {
    name: clean(`${result.checkId} ${result.title}`),
    classname: clean(`lakeward.${workspace.workspace.name}.${result.category}`),
    time: "0",
  });
  const shown = displayStatus(result, at);
  const message = clean(result.message);
  switch (shown) {
    case "fail":
      testcase.ele("failure", { message, type: result.severity }).txt(details(result, check));
      break;
    case "unknown":
      testcase
        .ele("error", {
          message: clean(`could not be verified (unknown, not a pass): ${result.message}`),
          type: "unknown",
        })
        .txt(details(result, check));
      break;
    case "suppressed": {
      const s = result.suppression;
      testcase.ele("skipped", {
        message: clean(
          `suppressed failure: ${s?.reason ?? ""}${s?.expires ? ` (until ${s.expires})` : ""} · finding: ${result.message}`,
        ),
      });
      testcase.ele("system-out").txt(details(result, check));
      break;
    }
    case "not_applicable":
      testcase.ele("skipped", { message: clean(`not applicable: ${result.message}`) });
      break;
    case "manual":
      testcase.ele("skipped", { message: clean(`manual check: needs an attestation · ${result.message}`) });
      break;
    case "attested": {
      const a = result.attestation;
      if (a) testcase.ele("system-out").txt(clean(`attested by ${a.by} on ${a.date}: ${a.evidence}`));
      break;
    }
    case "pass":
      break;
  }
}

export function renderJunit(document: ResultsDocument): string {
  const at = documentTime(document);
  const catalogue = checkCatalogue(document);
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const root = create({ version: "1.0", encoding: "UTF-8" }).ele("testsuites", { name: "lakeward" });
  for (const workspace of document.workspaces) {
    const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
    for (const result of workspace.results) {
      counts.tests++;
      const shown = displayStatus(result, at);
      if (shown === "fail") counts.failures++;
      else if (shown === "unknown") counts.errors++;
      else if (shown === "suppressed" || shown === "not_applicable" || shown === "manual") counts.skipped++;
    }
    const suite = root.ele("testsuite", {
      name: clean(workspace.workspace.name),
      tests: String(counts.tests),
      failures: String(counts.failures),
      errors: String(counts.errors),
      skipped: String(counts.skipped),
      time: "0",
      timestamp: document.generatedAt.replace(/\.\d+Z$/, "").replace(/Z$/, ""),
      hostname: clean(workspace.workspace.host ?? workspace.workspace.name),
    });
    const properties = suite.ele("properties");
    const property = (name: string, value: string | null | undefined) => {
      if (value) properties.ele("property", { name, value: clean(value) });
    };
    property("profile", document.profile);
    property("score", workspace.score === null ? "none" : String(workspace.score));
    property("host", workspace.workspace.host);
    property("resourceId", workspace.workspace.resourceId);
    property("location", workspace.workspace.location);
    for (const problem of workspace.collection.problems)
      property(problem.fatal ? "unreadable" : "collection-problem", `${problem.source}: ${problem.message}`);
    for (const result of workspace.results) addCase(suite, workspace, result, catalogue.get(result.checkId), at);
    for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] += counts[key];
  }
  for (const [key, value] of Object.entries(totals)) root.att(key, String(value));
  root.att("time", "0");
  return `${root.end({ prettyPrint: true })}\n`;
}
