import { defineCheck, fail, pass } from "../define.ts";

export default defineCheck({
  meta: {
    id: "INFO-07",
    title: "AI endpoints: external models behind the AI gateway; vector search endpoints inventoried",
    category: "inventory",
    severity: "info",
    profile: "high",
    threats: ["EX"],
    controls: ["DP-3", "AM-2"],
    mcsb: ["AM-1", "AM-2"],
    sat: ["DP-14", "INFO-29"],
    guide: ["Use Unity Catalog to enhance data governance"],
    sources: ["workspace-api"],
    rationale:
      "A serving endpoint for an external model sends prompts, and whatever data they contain, to a third-party provider. The AI gateway adds usage tracking, inference tables, rate limits and guardrails to such endpoints, so what leaves is logged and bounded; vector search endpoints hold embeddings of internal documents and belong in the same inventory.",
    remediation: {
      ui: "Serving → the listed endpoint → Edit AI Gateway: enable usage tracking and inference tables, set rate limits and (where needed) PII and safety guardrails.",
      terraform: `resource "databricks_model_serving" "chat" {
  name = "chat"
  config {
    served_entities {
      name = "gpt"
      external_model {
        name     = "gpt-4o"
        provider = "openai"
        task     = "llm/v1/chat"
        openai_config {
          openai_api_key = "{{secrets/ai/openai}}"
        }
      }
    }
  }
  ai_gateway {
    usage_tracking_config {
      enabled = true
    }
    inference_table_config {
      enabled      = true
      catalog_name = "main"
      schema_name  = "ai_audit"
    }
    rate_limits {
      calls          = 100
      renewal_period = "minute"
      key            = "user"
    }
  }
}`,
    },
  },
  evaluate(evidence, context) {
    const endpoints = context.get("serving endpoints", evidence.databricks.servingEndpoints);
    const vectorSearch = context.get("vector search endpoints", evidence.databricks.vectorSearchEndpoints);
    const external = endpoints.filter((endpoint) => endpoint.externalModel);
    const ungoverned = external.filter((endpoint) => !endpoint.aiGateway).map((endpoint) => endpoint.name);
    const inventory = [
      ...endpoints.map(
        (e) =>
          `serving ${e.name}${e.externalModel ? ` (external model, ${e.aiGateway ? "AI gateway" : "no AI gateway"})` : ""}`,
      ),
      ...vectorSearch.map((name) => `vector search ${name}`),
    ];
    const summary = `${endpoints.length} serving endpoint(s), ${external.length} for external models; ${vectorSearch.length} vector search endpoint(s)${
      vectorSearch.length ? ` (${vectorSearch.join(", ")})` : ""
    }`;
    if (ungoverned.length)
      return fail(`${summary}; external-model endpoints without the AI gateway: ${ungoverned.join(", ")}`, inventory);
    return pass(
      `${summary}${external.length ? "; every external-model endpoint is behind the AI gateway" : ""}`,
      inventory,
    );
  },
});
