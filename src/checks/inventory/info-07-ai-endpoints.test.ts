import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-07-ai-endpoints.ts";

checkCases(check, [
  {
    name: "external model behind the gateway, one vector search endpoint",
    status: "pass",
    message:
      /1 serving endpoint\(s\), 1 for external models; 1 vector search endpoint\(s\) \(vs-1\); every external-model/,
    resources: ["serving chat (external model, AI gateway)", "vector search vs-1"],
  },
  {
    name: "external model without the gateway",
    status: "fail",
    edit: (e) =>
      void (e.databricks.servingEndpoints = k([
        { name: "chat", externalModel: true, aiGateway: true },
        { name: "raw-openai", externalModel: true, aiGateway: false },
      ])),
    message: /without the AI gateway: raw-openai/,
    resources: ["serving raw-openai (external model, no AI gateway)"],
  },
  {
    name: "an own model without the gateway is fine",
    status: "pass",
    edit: (e) => void (e.databricks.servingEndpoints = k([{ name: "churn", externalModel: false, aiGateway: false }])),
  },
  {
    name: "no AI endpoints at all",
    status: "pass",
    edit: (e) => {
      e.databricks.servingEndpoints = k([]);
      e.databricks.vectorSearchEndpoints = k([]);
    },
    message: /0 serving endpoint\(s\)/,
  },
  { name: "serving endpoints unreadable", status: "unknown", edit: (e) => void (e.databricks.servingEndpoints = u()) },
  {
    name: "vector search unreadable",
    status: "unknown",
    edit: (e) => void (e.databricks.vectorSearchEndpoints = u("HTTP 404 FEATURE_DISABLED")),
  },
]);
