/**
 * The emulator's `strict` persona: it answers with the real services' own response examples, verbatim, read
 * at run time from a contract-fixture folder (the CI checkout's ../shared/corpus/api-response/, see its
 * SOURCES.md: Azure REST API spec examples for Microsoft.Databricks 2024-05-01 and 2026-01-01, the Terraform
 * provider's exporter test data). Nothing is copied into the repository and nothing is filled in: a property
 * the example lacks is absent, so a scan of it shows what lakeward makes of exactly what the service sends.
 *
 * This file holds the plumbing and the ARM side: each Azure REST API spec example (`…__examples__*.json`) is
 * an `{ parameters, responses: { "200": { body } } }` document; its body is served at the path its operation
 * reads (a workspace GET at the body's own `id`, a list at the subscription's workspaces path). Examples of
 * several API versions share a path (2024-05-01 and 2026-01-01 WorkspaceGet), so a strict emulator serves
 * the examples it is given by name, the first one for a path winning.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

export interface StrictArmExample {
  /** The fixture's file name. */
  file: string;
  /** Its request's api-version (parameters["api-version"]). */
  apiVersion: string;
  /** The ARM path its body answers. */
  path: string;
  /** The 200 response body, as the file has it. */
  body: unknown;
}

export interface StrictCorpus {
  dir: string;
  arm: StrictArmExample[];
}

interface SpecExample {
  parameters?: Record<string, unknown>;
  responses?: Record<string, { body?: unknown }>;
}

/** The ARM path a spec example's 200 body answers, or undefined for an operation lakeward does not read. */
function pathOf(file: string, example: SpecExample): string | undefined {
  const body = example.responses?.["200"]?.body as { id?: unknown } | undefined;
  const sub = String(example.parameters?.subscriptionId ?? "");
  const operation = file.split("__examples__").pop() ?? file;
  if (/^(\d{4}-\d{2}-\d{2}__)?Workspace(Get|GetParameters|ManagedDiskEncryptionGet)\.json$/.test(operation))
    return typeof body?.id === "string" ? body.id : undefined;
  if (/^(\d{4}-\d{2}-\d{2}__)?WorkspacesListBySubscription\.json$/.test(operation))
    return `/subscriptions/${sub}/providers/Microsoft.Databricks/workspaces`;
  if (/^(\d{4}-\d{2}-\d{2}__)?WorkspacesListByResourceGroup\.json$/.test(operation))
    return `/subscriptions/${sub}/resourceGroups/${String(example.parameters?.resourceGroupName)}/providers/Microsoft.Databricks/workspaces`;
  return undefined;
}

/**
 * Reads the contract fixtures of `dir`. Throws with a message naming the folder when it cannot be read (the
 * caller — a test — skips with that message when ../shared is absent).
 */
export async function loadStrictCorpus(dir: string): Promise<StrictCorpus> {
  const files = (await readdir(dir)).filter((name) => name.startsWith("azure-rest-api-specs__")).sort();
  const arm: StrictArmExample[] = [];
  for (const file of files) {
    const example = JSON.parse(await readFile(join(dir, file), "utf8")) as SpecExample;
    const path = pathOf(file, example);
    const body = example.responses?.["200"]?.body;
    if (!path || body === undefined) continue;
    arm.push({ file, apiVersion: String(example.parameters?.["api-version"] ?? ""), path, body });
  }
  return { dir, arm };
}

/** The ARM bodies a strict emulator serves, by path, for the examples named (all of them when none is named). */
export function strictArmBodies(corpus: StrictCorpus, files?: readonly string[]): Record<string, unknown> {
  const chosen = files ? corpus.arm.filter((example) => files.includes(example.file)) : corpus.arm;
  const bodies: Record<string, unknown> = {};
  for (const example of chosen) bodies[example.path] ??= example.body;
  return bodies;
}
