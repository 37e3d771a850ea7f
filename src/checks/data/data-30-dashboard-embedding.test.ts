import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-30-dashboard-embedding.ts";

checkCases(check, [
  { name: "approved domains", status: "pass", message: /only in intranet\.contoso\.com/ },
  {
    name: "denied",
    status: "pass",
    edit: (e) => void (e.databricks.aibiEmbedding = k({ accessPolicy: "DENY_ALL_DOMAINS", approvedDomains: [] })),
  },
  {
    name: "any domain",
    status: "fail",
    edit: (e) => void (e.databricks.aibiEmbedding = k({ accessPolicy: "ALLOW_ALL_DOMAINS", approvedDomains: [] })),
    message: /ALLOW_ALL_DOMAINS/,
  },
  {
    name: "a wildcard domain",
    status: "fail",
    edit: (e) =>
      void (e.databricks.aibiEmbedding = k({ accessPolicy: "ALLOW_APPROVED_DOMAINS", approvedDomains: ["*"] })),
  },
  {
    name: "never set",
    status: "unknown",
    edit: (e) => void (e.databricks.aibiEmbedding = k({ accessPolicy: null, approvedDomains: [] })),
    message: /never set/,
  },
  {
    name: "forbidden",
    status: "unknown",
    edit: (e) => void (e.databricks.aibiEmbedding = u("HTTP 403")),
    message: /403/,
  },
  { name: "standard SKU", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
