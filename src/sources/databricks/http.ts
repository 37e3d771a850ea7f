/**
 * Small helpers over the read-only client for the Databricks endpoints the SDK's service classes do not
 * cover well (settings, Unity Catalog lists with short pages, SCIM): one GET, and the page_token loop.
 */
import { ApiFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";

export type Json = Record<string, unknown>;

export async function getJson(
  client: ReadOnlyApiClient,
  path: string,
  query: Record<string, string | number | boolean> = {},
): Promise<Json> {
  const body = await client.request({
    path,
    method: "GET",
    headers: new Headers({ Accept: "application/json" }),
    query: Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])),
    raw: false,
  });
  return (body ?? {}) as Json;
}

/**
 * Follows `next_page_token` until it is absent. Unity Catalog lists may return a short or empty page
 * together with a token (reference/apis.md §1), so an empty page does not end the loop; a page limit
 * does, so a misbehaving server cannot keep lakeward reading for ever.
 */
export async function pagedList<T>(
  client: ReadOnlyApiClient,
  path: string,
  itemsKey: string,
  query: Record<string, string | number | boolean> = {},
  maxPages = 200,
): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const body = await getJson(client, path, { ...query, ...(token ? { page_token: token } : {}) });
    items.push(...((body[itemsKey] as T[] | undefined) ?? []));
    token = typeof body.next_page_token === "string" && body.next_page_token ? body.next_page_token : undefined;
    if (!token) return items;
  }
  throw new ApiFailure({
    endpoint: `GET ${path}`,
    kind: "invalid-response",
    detail: `still paging after ${maxPages} pages; stopped`,
  });
}

/** True for a 404 that means "this object does not exist" rather than "this API does not exist". */
export function isMissingResource(error: unknown): boolean {
  return (
    error instanceof ApiFailure &&
    error.status === 404 &&
    error.errorCode !== "ENDPOINT_NOT_FOUND" &&
    error.errorCode !== "FEATURE_DISABLED"
  );
}

const str = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null;

export { str };
