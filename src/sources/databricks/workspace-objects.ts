/**
 * Secrets (scopes and ACLs, never values), DBFS listings, repos, serving and vector search endpoints,
 * the legacy model registry, and the in-memory credential scan of notebooks and workspace files.
 */

import { known, unknown } from "../../evidence/fact.ts";
import type { SecretScope } from "../../evidence/model.ts";
import { scanForCredentials } from "../../redact/credential-scanner.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { getJson, isMissingResource, type Json, pagedList, str } from "./http.ts";

export async function readSecretScopes(client: ReadOnlyApiClient): Promise<SecretScope[]> {
  const body = await getJson(client, "/api/2.0/secrets/scopes/list");
  return Promise.all(
    ((body.scopes as Json[] | undefined) ?? []).map(async (scope): Promise<SecretScope> => {
      const name = str(scope.name) ?? "";
      const source = `GET /api/2.0/secrets/acls/list?scope=${name}`;
      let acls: SecretScope["acls"];
      try {
        const items =
          ((await getJson(client, "/api/2.0/secrets/acls/list", { scope: name })).items as Json[] | undefined) ?? [];
        acls = known(
          items.map((item) => ({
            principal: str(item.principal) ?? "",
            permission: (str(item.permission) ?? "READ") as "READ" | "WRITE" | "MANAGE",
          })),
          source,
        );
      } catch (error) {
        acls = unknown(describeFailure(error), source);
      }
      const backend = str(scope.backend_type) === "AZURE_KEYVAULT" ? "AZURE_KEYVAULT" : "DATABRICKS";
      return {
        name,
        backend,
        keyVaultResourceId: str((scope.keyvault_metadata as Json | undefined)?.resource_id),
        acls,
      };
    }),
  );
}

/** The entries of a DBFS directory; a directory that does not exist has none. */
export async function listDbfs(client: ReadOnlyApiClient, path: string): Promise<string[]> {
  try {
    const body = await getJson(client, "/api/2.0/dbfs/list", { path });
    return ((body.files as Json[] | undefined) ?? []).map((file) => str(file.path) ?? "").filter(Boolean);
  } catch (error) {
    if (isMissingResource(error)) return [];
    throw error;
  }
}

export async function readRepos(
  client: ReadOnlyApiClient,
): Promise<{ id: string; path: string; url: string | null; provider: string | null }[]> {
  const repos = await pagedList<Json>(client, "/api/2.0/repos", "repos");
  return repos.map((repo) => ({
    id: str(repo.id) ?? "",
    path: str(repo.path) ?? "",
    url: str(repo.url)?.replace(/\/\/[^/@\s]+@/, "//") ?? null,
    provider: str(repo.provider),
  }));
}

export async function readServingEndpoints(
  client: ReadOnlyApiClient,
): Promise<{ name: string; externalModel: boolean; aiGateway: boolean }[]> {
  const body = await getJson(client, "/api/2.0/serving-endpoints");
  return ((body.endpoints as Json[] | undefined) ?? []).map((endpoint) => {
    const entities = ((endpoint.config as Json | undefined)?.served_entities as Json[] | undefined) ?? [];
    const gateway = endpoint.ai_gateway as Json | undefined;
    return {
      name: str(endpoint.name) ?? "",
      externalModel: entities.some((entity) => entity.external_model !== undefined && entity.external_model !== null),
      aiGateway: gateway !== undefined && gateway !== null && Object.keys(gateway).length > 0,
    };
  });
}

export async function readVectorSearchEndpoints(client: ReadOnlyApiClient): Promise<string[]> {
  return (await pagedList<Json>(client, "/api/2.0/vector-search/endpoints", "endpoints"))
    .map((e) => str(e.name) ?? "")
    .filter(Boolean);
}

export async function readWorkspaceModels(client: ReadOnlyApiClient): Promise<string[]> {
  return (
    await pagedList<Json>(client, "/api/2.0/mlflow/registered-models/search", "registered_models", { max_results: 100 })
  )
    .map((m) => str(m.name) ?? "")
    .filter(Boolean);
}

export interface NotebookScanLimits {
  /** Objects exported and scanned at most. */
  maxObjects: number;
  /** Directories walked at most. */
  maxDirectories: number;
  /** Largest file exported, in bytes. */
  maxBytes: number;
}

export const DEFAULT_SCAN_LIMITS: NotebookScanLimits = { maxObjects: 500, maxDirectories: 2000, maxBytes: 1_000_000 };

/**
 * Walks the workspace tree, exports notebooks and files as source and scans them in memory. Contents are
 * never kept: only the path, line, kind of credential and a fingerprint of what matched.
 */
export async function scanNotebooks(
  client: ReadOnlyApiClient,
  limits: NotebookScanLimits = DEFAULT_SCAN_LIMITS,
): Promise<{
  scanned: number;
  truncated: boolean;
  findings: { path: string; line: number; kind: string; fingerprint: string }[];
}> {
  const findings: { path: string; line: number; kind: string; fingerprint: string }[] = [];
  const queue = ["/"];
  let directories = 0;
  let scanned = 0;
  let truncated = false;
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (++directories > limits.maxDirectories) {
      truncated = true;
      break;
    }
    const objects =
      ((await getJson(client, "/api/2.0/workspace/list", { path: dir })).objects as Json[] | undefined) ?? [];
    const toScan: Json[] = [];
    for (const object of objects) {
      const type = str(object.object_type);
      const path = str(object.path);
      if (!path) continue;
      if (type === "DIRECTORY" || type === "REPO") queue.push(path);
      else if (
        type === "NOTEBOOK" ||
        (type === "FILE" && (typeof object.size !== "number" || object.size <= limits.maxBytes))
      )
        toScan.push(object);
    }
    for (const object of toScan) {
      if (scanned >= limits.maxObjects) {
        truncated = true;
        break;
      }
      scanned++;
      const path = str(object.path)!;
      const format = str(object.object_type) === "NOTEBOOK" ? "SOURCE" : "AUTO";
      const exported = await getJson(client, "/api/2.0/workspace/export", { path, format });
      const content = Buffer.from(str(exported.content) ?? "", "base64").toString("utf8");
      for (const finding of scanForCredentials(content)) findings.push({ path, ...finding });
    }
    if (truncated) break;
  }
  return { scanned, truncated, findings };
}
