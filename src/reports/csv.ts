/**
 * CSV: one row per result (workspace × check), for spreadsheets and data tools. RFC 4180 quoting by
 * csv-stringify; every cell that a spreadsheet would read as a formula (it starts with = + - @, a tab or
 * a carriage return) is prefixed with a single quote, so workspace-supplied text (cluster names, token
 * comments, messages) can never run as a formula (OWASP "CSV injection").
 */
import { stringify } from "csv-stringify/sync";
import { neutralise } from "../output/text.ts";
import type { ResultsDocument } from "./results-document.ts";
import { checkCatalogue, displayStatus, documentTime, formatValue } from "./shared.ts";

export const CSV_COLUMNS = [
  "workspace",
  "host",
  "resource_id",
  "check_id",
  "title",
  "category",
  "severity",
  "profile",
  "status",
  "suppressed",
  "suppression_reason",
  "suppression_expires",
  "message",
  "resources",
  "evidence",
  "threats",
  "asb_controls",
  "cis",
  "locations",
  "attestation",
  "generated_at",
] as const;

export { neutralise };

export function renderCsv(document: ResultsDocument): string {
  const at = documentTime(document);
  const catalogue = checkCatalogue(document);
  const rows: string[][] = [];
  for (const workspace of document.workspaces) {
    const identity = workspace.workspace;
    for (const result of workspace.results) {
      const shown = displayStatus(result, at);
      const evidence = result.evidence
        .map((e) => `${e.label} = ${e.reason !== undefined ? `unknown: ${e.reason}` : formatValue(e.value, 300)}`)
        .join("; ");
      const row: Record<(typeof CSV_COLUMNS)[number], string> = {
        workspace: identity.name,
        host: identity.host ?? "",
        resource_id: identity.resourceId ?? "",
        check_id: result.checkId,
        title: result.title,
        category: result.category,
        severity: result.severity,
        profile: result.profile,
        status: result.status,
        suppressed: shown === "suppressed" ? "yes" : "no",
        suppression_reason: result.suppression?.reason ?? "",
        suppression_expires: result.suppression?.expires ?? "",
        message: result.message,
        resources: result.resources.join("; "),
        evidence,
        threats: result.threats.join(" "),
        asb_controls: result.controls.join(" "),
        cis: (catalogue.get(result.checkId)?.cis ?? []).join(" "),
        locations: (result.locations ?? []).map((l) => `${l.file}:${l.line}`).join("; "),
        attestation: result.attestation
          ? `${result.attestation.by} on ${result.attestation.date}: ${result.attestation.evidence}`
          : "",
        generated_at: document.generatedAt,
      };
      rows.push(CSV_COLUMNS.map((column) => neutralise(row[column])));
    }
  }
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: "unix" });
}
