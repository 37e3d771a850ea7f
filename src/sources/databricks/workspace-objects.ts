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
import { getJson, isMissingResource, pagedList } from "./http.ts";
import {
  dbfsListSchema,
  registeredModelsSchema,
  reposPageSchema,
  secretAclsSchema,
  secretScopesSchema,
  vectorSearchEndpointsSchema,
  workspaceExportSchema,
  workspaceListSchema,
} from "./schemas.ts";

export async function readSecretScopes(client: ReadOnlyApiClient): Promise<SecretScope[]> {
  const body = await getJson(client, "/api/2.0/secrets/scopes/list", secretScopesSchema);
  return Promise.all(
    (body.scopes ?? []).map(async (scope): Promise<SecretScope> => {
      const name = scope.name ?? "";
      const source = `GET /api/2.0/secrets/acls/list?scope=${name}`;
      let acls: SecretScope["acls"];
      try {
        const items = (await getJson(client, "/api/2.0/secrets/acls/list", secretAclsSchema, { scope: name })).items;
        acls = known(
          (items ?? []).map((item) => ({
            principal: item.principal,
            // AclPermission is READ | WRITE | MANAGE; anything else is read as the strongest, never the weakest.
            permission: (["READ", "WRITE"].includes(item.permission) ? item.permission : "MANAGE") as
              | "READ"
              | "WRITE"
              | "MANAGE",
          })),
          source,
        );
      } catch (error) {
        acls = unknown(describeFailure(error), source);
      }
      const backend = scope.backend_type === "AZURE_KEYVAULT" ? "AZURE_KEYVAULT" : "DATABRICKS";
      return { name, backend, keyVaultResourceId: scope.keyvault_metadata?.resource_id ?? null, acls };
    }),
  );
}

/**
 * The entries of a DBFS directory; a directory that does not exist has none — said only by a Databricks
 * RESOURCE_DOES_NOT_EXIST body, never by a bare 404 (issue 11 item 6).
 */
export async function listDbfs(client: ReadOnlyApiClient, path: string): Promise<string[]> {
  try {
    const body = await getJson(client, "/api/2.0/dbfs/list", dbfsListSchema, { path });
    return (body.files ?? []).map((file) => file.path ?? "").filter(Boolean);
  } catch (error) {
    if (isMissingResource(error)) return [];
    throw error;
  }
}

const withoutUserinfo = (url: string) => url.replace(/\/\/[^/@\s]+@/, "//");

/**
 * Git folders. `GET /api/2.0/repos` without `path_prefix` lists only those under /Workspace/Repos
 * (workspace.ListReposRequest: "If not provided or … effectively empty … Git folders from /Workspace/Repos
 * will be served"), while Git folders may live anywhere. So the list is read once per top-level folder of
 * the workspace (from workspace/list "/") as well, and merged by id. It pages with `next_page_token` as
 * the request parameter (ListReposRequest.next_page_token), not `page_token`.
 */
export async function readRepos(
  client: ReadOnlyApiClient,
): Promise<{ id: string; path: string; url: string | null; provider: string | null }[]> {
  const top = await getJson(client, "/api/2.0/workspace/list", workspaceListSchema, { path: "/" });
  const prefixes = (top.objects ?? [])
    .filter((o) => (o.object_type === "DIRECTORY" || o.object_type === "REPO") && o.path && o.path !== "/Repos")
    .map((o) => `/Workspace${o.path}`);
  const lists = await Promise.all(
    [undefined, ...prefixes].map((prefix) =>
      pagedList(client, "/api/2.0/repos", reposPageSchema, (page) => page.repos, {
        tokenParam: "next_page_token",
        ...(prefix ? { query: { path_prefix: prefix } } : {}),
      }),
    ),
  );
  const byId = new Map<string, { id: string; path: string; url: string | null; provider: string | null }>();
  for (const repo of lists.flat()) {
    const id = repo.id === undefined ? `path:${repo.path}` : String(repo.id);
    if (byId.has(id)) continue;
    byId.set(id, {
      id: repo.id === undefined ? "" : String(repo.id),
      path: repo.path ?? "",
      url: repo.url ? withoutUserinfo(repo.url) : null,
      provider: repo.provider ?? null,
    });
  }
  return [...byId.values()];
}

export async function readVectorSearchEndpoints(client: ReadOnlyApiClient): Promise<string[]> {
  return (await pagedList(client, "/api/2.0/vector-search/endpoints", vectorSearchEndpointsSchema, (p) => p.endpoints))
    .map((e) => e.name ?? "")
    .filter(Boolean);
}

export async function readWorkspaceModels(client: ReadOnlyApiClient): Promise<string[]> {
  return (
    await pagedList(
      client,
      "/api/2.0/mlflow/registered-models/search",
      registeredModelsSchema,
      (p) => p.registered_models,
      {
        query: { max_results: 100 },
      },
    )
  )
    .map((m) => m.name ?? "")
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
      (await getJson(client, "/api/2.0/workspace/list", workspaceListSchema, { path: dir })).objects ?? [];
    const toScan: typeof objects = [];
    for (const object of objects) {
      const type = object.object_type;
      const path = object.path;
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
      const path = object.path!;
      const format = object.object_type === "NOTEBOOK" ? "SOURCE" : "AUTO";
      const exported = await getJson(client, "/api/2.0/workspace/export", workspaceExportSchema, { path, format });
      const content = Buffer.from(exported.content ?? "", "base64").toString("utf8");
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
