import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { AiGateway, WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-29-ai-gateway.ts";

const gateway = (e: WorkspaceEvidence, change: Partial<AiGateway> | null | undefined) => {
  if (e.databricks.servingEndpoints.status !== "known") return;
  e.databricks.servingEndpoints = k(
    e.databricks.servingEndpoints.value.map((endpoint) => ({
      ...endpoint,
      gateway: change === null || change === undefined ? change : { ...endpoint.gateway!, ...change },
    })),
  );
};

checkCases(check, [
  { name: "every control on", status: "pass", message: /all 1 serving endpoints/ },
  {
    name: "no inference table, no rate limit",
    status: "fail",
    edit: (e) => gateway(e, { inferenceTable: false, rateLimits: 0 }),
    message: /chat: inference table, rate limit/,
  },
  {
    name: "external model without a PII guardrail",
    status: "fail",
    edit: (e) => gateway(e, { inputPii: "NONE" }),
    message: /PII guardrail on input/,
  },
  { name: "no AI Gateway at all", status: "fail", edit: (e) => gateway(e, null), message: /no AI Gateway/ },
  {
    name: "gateway detail not read (IaC, older snapshot)",
    status: "unknown",
    edit: (e) => gateway(e, undefined),
    message: /was not read/,
  },
  {
    name: "endpoints forbidden",
    status: "unknown",
    edit: (e) => void (e.databricks.servingEndpoints = u("HTTP 403")),
    message: /403/,
  },
  { name: "no endpoints", status: "not_applicable", edit: (e) => void (e.databricks.servingEndpoints = k([])) },
]);
