import { defineCheck, fail, listSome, notApplicable, pass } from "../define.ts";
import type { HclValue } from "../fix-types.ts";
import { premiumOnly } from "../helpers.ts";

export default defineCheck({
  meta: {
    id: "DATA-29",
    title: "Model serving endpoints: AI Gateway with inference tables, rate limits, usage tracking and PII guardrails",
    category: "data",
    severity: "medium",
    profile: "high",
    threats: ["EX", "RA"],
    controls: ["DP-2", "LT-4"],
    mcsb: ["DP-2", "LT-3", "AM-2"],
    guide: ["Leverage data exfiltration settings within the admin console"],
    sources: ["workspace-api", "iac"],
    rationale:
      "A serving endpoint is an API into models that saw your data. AI Gateway (GET /api/2.0/serving-endpoints/{name}/ai-gateway) logs every request and response to an inference table (the audit trail), rate-limits callers (a stolen token cannot run up cost or scrape the model), tracks usage per caller, and on endpoints of external or foundation models blocks or masks personal data in prompts before it leaves for the provider.",
    remediation: {
      ui: "Serving → the endpoint → Edit AI Gateway: enable inference tables, usage tracking, a rate limit per user; for external models, PII detection 'Block' or 'Mask' on input.",
      terraform: `resource "databricks_model_serving" "chat" {
  name = "chat"
  # config { served_entities { … } }
  ai_gateway {
    inference_table_config {
      enabled      = true
      catalog_name = "main"
      schema_name  = "ai_audit"
    }
    rate_limits {
      calls          = 100
      key            = "user"
      renewal_period = "minute"
    }
    usage_tracking_config {
      enabled = true
    }
    guardrails {
      input {
        pii {
          behavior = "BLOCK"
        }
      }
    }
  }
}`,
      // On each endpoint the finding names ("chat: inference table, rate limit"), where it is declared: a
      // serving endpoint cannot be declared from the scan alone (its served entities), so one created
      // elsewhere is a manual step. databricks_model_serving ai_gateway (terraform-provider-databricks
      // docs/resources/model_serving.md; serving.AiGatewayConfig in the Go SDK).
      fix: (input) => {
        const otherwise = (name: string) =>
          `serving endpoint "${name}": Serving → the endpoint → Edit AI Gateway: inference table, usage tracking, a rate limit per user (and the input PII guardrail for external models)`;
        const catalog = input.variable("inference_table_catalog", {
          type: "string",
          description: "Unity Catalog catalog that receives the serving endpoints' inference tables",
        });
        const schema = input.variable("inference_table_schema", {
          type: "string",
          description: "Schema (in that catalog) for the inference tables",
        });
        const settings = input.result.resources.flatMap((entry) => {
          const [name = "", gaps = ""] = entry.split(": ");
          if (!name) return [];
          const on = (path: string[], value: HclValue) => ({
            resource: "databricks_model_serving",
            match: { name },
            path: ["ai_gateway", ...path],
            value,
            otherwise: otherwise(name),
          });
          return [
            on(["inference_table_config", "enabled"], true),
            on(["inference_table_config", "catalog_name"], catalog),
            on(["inference_table_config", "schema_name"], schema),
            on(["usage_tracking_config", "enabled"], true),
            on(["rate_limits", "calls"], 100),
            on(["rate_limits", "key"], "user"),
            on(["rate_limits", "renewal_period"], "minute"),
            ...(/PII/.test(gaps) ? [on(["guardrails", "input", "pii", "behavior"], "BLOCK")] : []),
          ];
        });
        return {
          settings,
          caution: [
            "a per-user limit of 100 calls a minute rejects heavier clients with 429: raise it for the endpoints that need more",
          ],
        };
      },
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "model serving");
    if (tier) return tier;
    const endpoints = context.get("serving endpoints", evidence.databricks.servingEndpoints);
    if (!endpoints.length) return notApplicable("no model serving endpoints");
    const gaps: string[] = [];
    const unread: string[] = [];
    for (const endpoint of endpoints) {
      if (endpoint.gateway === undefined) {
        unread.push(endpoint.name);
        continue;
      }
      const g = endpoint.gateway;
      const missing = g
        ? [
            ...(g.inferenceTable ? [] : ["inference table"]),
            ...(g.rateLimits > 0 ? [] : ["rate limit"]),
            ...(g.usageTracking ? [] : ["usage tracking"]),
            ...(endpoint.externalModel && g.inputPii !== "BLOCK" && g.inputPii !== "MASK"
              ? ["PII guardrail on input"]
              : []),
          ]
        : ["no AI Gateway"];
      if (missing.length) gaps.push(`${endpoint.name}: ${missing.join(", ")}`);
    }
    if (gaps.length)
      return fail(
        `${gaps.length} of ${endpoints.length} serving endpoints lack AI Gateway controls: ${listSome(gaps, 3)}`,
        gaps,
      );
    if (unread.length)
      return {
        status: "unknown",
        message: `the AI Gateway configuration of ${listSome(unread, 3)} was not read`,
        resources: unread,
      };
    return pass(`all ${endpoints.length} serving endpoints log to inference tables, are rate-limited and tracked`);
  },
});
