/**
 * Secrets (scopes and ACLs, never values), DBFS listings, repos, serving and vector search endpoints,
 * the legacy model registry, and the in-memory credential scan of notebooks and workspace files.
 */

import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { DatabricksWorkspace, SecretScope } from "../../evidence/model.ts";
import { scanForCredentials } from "../../redact/credential-scanner.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, read } from "../problems.ts";
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

type NotebookFinding = { path: string; line: number; kind: string; fingerprint: string };

/**
 * Walks the workspace tree, exports notebooks and files as source and scans them in memory. Contents are
 * never kept: only the path, line, kind of credential and a fingerprint of what matched. `notScanned`
 * lists the objects not scanned in full (a file over the size limit, a scan stopped by its bounds).
 */
export async function scanNotebooks(
  client: ReadOnlyApiClient,
  limits: NotebookScanLimits = DEFAULT_SCAN_LIMITS,
): Promise<{ scanned: number; truncated: boolean; findings: NotebookFinding[]; notScanned: string[] }> {
  const findings: NotebookFinding[] = [];
  const notScanned: string[] = [];
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
      else if (type === "FILE" && typeof object.size === "number" && object.size > limits.maxBytes)
        notScanned.push(`${path} (${object.size} bytes, over the ${limits.maxBytes}-byte export limit)`);
      else if (type === "NOTEBOOK" || type === "FILE") toScan.push(object);
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
      const scan = scanForCredentials(content, { maxChars: limits.maxBytes });
      for (const finding of scan.findings) findings.push({ path, ...finding });
      if (scan.notScanned) notScanned.push(`${path} (${scan.notScanned})`);
    }
    if (truncated) break;
  }
  return { scanned, truncated, findings, notScanned };
}

/**
 * The scan as a fact. Objects not scanned in full make it partial, naming them: a finding stands, but no
 * pass rests on a scan that did not see everything.
 */
export async function readNotebookScan(
  client: ReadOnlyApiClient,
  limits: NotebookScanLimits,
  problems: Problem[],
): Promise<DatabricksWorkspace["notebookScan"]> {
  const fact: Fact<Awaited<ReturnType<typeof scanNotebooks>>> = await read(
    "GET /api/2.0/workspace/list + export",
    problems,
    () => scanNotebooks(client, limits),
  );
  if (fact.status === "unknown") return fact;
  const { notScanned, ...value } = fact.value;
  if (!notScanned.length) return { ...fact, value };
  const shown = notScanned.slice(0, 5).join("; ");
  const more = notScanned.length > 5 ? ` and ${notScanned.length - 5} more` : "";
  return { ...fact, value, partial: `${notScanned.length} object(s) not scanned in full: ${shown}${more}` };
}
