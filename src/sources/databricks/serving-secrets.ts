/**
 * The secrets a model serving endpoint's configuration references (issue 20): an endpoint serving with
 * `{{secrets/scope/key}}` holds that secret's power, and whoever can query or manage it reaches it.
 *
 * The list (GET /api/2.0/serving-endpoints, serving.ServingEndpoint) carries only a config summary
 * (EndpointCoreConfigSummary → ServedEntitySpec: no environment variables); the endpoint itself
 * (GET /api/2.0/serving-endpoints/{name}, the SDK's ServingEndpointsAPI get → serving.ServingEndpointDetailed)
 * carries EndpointCoreConfigOutput {served_entities[ServedEntityOutput {name, environment_vars, external_model}],
 * served_models[ServedModelOutput {name, environment_vars}]} — JS SDK 0.17.0 dist/apis/serving/model.d.ts, the
 * same as databricks-sdk-go service/serving/model.go. `environment_vars` is "a set of optional, user-specified
 * environment variable key-value pairs … that refer to Databricks secrets: {"OPENAI_API_KEY":
 * "{{secrets/my_scope/my_key}}"}"; an external model's provider keys (openai_config.openai_api_key, …) are secret
 * references of the same form.
 *
 * Secret-safe: only references are kept (scope, key, where); a value that is not a reference — a key pasted in
 * plain text — is dropped here and never reaches the evidence. Bounded: one GET per endpoint for the first
 * `max` (the --max-acls bound), the external model walked to EXTERNAL_MODEL_DEPTH levels.
 */
import type { serving } from "@databricks/sdk-experimental";
import { z } from "zod";
import type { SecretReference } from "../../evidence/model.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import type { Conforms } from "./conforms.ts";
import { getJson } from "./http.ts";
import { pathId } from "./routes.ts";

const str = z.string();
const opt = <T extends z.ZodType>(schema: T) => schema.optional();
const env = opt(z.record(z.string(), z.string()));

export const servingEndpointDetailSchema = z.object({
  name: opt(str),
  config: opt(
    z.object({
      served_entities: opt(
        z.array(z.object({ name: opt(str), environment_vars: env, external_model: opt(z.record(str, z.unknown())) })),
      ),
      served_models: opt(z.array(z.object({ name: opt(str), environment_vars: env }))),
    }),
  ),
});
const conformance: true[] = [
  true satisfies Conforms<z.infer<typeof servingEndpointDetailSchema>, serving.ServingEndpointDetailed>,
];
void conformance;

/** `{{secrets/scope/key}}`, the whole value (the form the serving docs give), spaces inside the braces allowed. */
const REFERENCE = /^\{\{\s*secrets\/([^/{}\s]+)\/([^/{}\s]+)\s*\}\}$/;
const EXTERNAL_MODEL_DEPTH = 4;

export function secretReferenceOf(value: string): { scope: string; key: string } | null {
  const match = REFERENCE.exec(value.trim());
  return match ? { scope: match[1]!, key: match[2]! } : null;
}

/** The secret references of one endpoint's configuration (GET /api/2.0/serving-endpoints/{name}). */
export async function readServingSecretReferences(client: ReadOnlyApiClient, name: string): Promise<SecretReference[]> {
  const path = `/api/2.0/serving-endpoints/${pathId(name, "serving endpoint name", "GET /api/2.0/serving-endpoints")}`;
  const body = await getJson(client, path, servingEndpointDetailSchema);
  const out: SecretReference[] = [];
  const fromEnv = (entity: string, vars: Record<string, string> | undefined) => {
    for (const [variable, value] of Object.entries(vars ?? {})) {
      const ref = secretReferenceOf(value);
      if (ref) out.push({ ...ref, where: `environment_vars ${variable} of served entity ${entity}` });
    }
  };
  const walk = (entity: string, node: unknown, at: string, depth: number): void => {
    if (typeof node === "string") {
      const ref = secretReferenceOf(node);
      if (ref) out.push({ ...ref, where: `external_model ${at} of served entity ${entity}` });
    } else if (node && typeof node === "object" && !Array.isArray(node) && depth < EXTERNAL_MODEL_DEPTH)
      for (const [key, value] of Object.entries(node)) walk(entity, value, at ? `${at}.${key}` : key, depth + 1);
  };
  for (const entity of body.config?.served_entities ?? []) {
    fromEnv(entity.name ?? "?", entity.environment_vars);
    walk(entity.name ?? "?", entity.external_model, "", 0);
  }
  for (const model of body.config?.served_models ?? []) fromEnv(model.name ?? "?", model.environment_vars);
  return out;
}
