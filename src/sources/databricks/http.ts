/**
 * The collectors' reads over the read-only client: one validated GET, and the paged lists (page_token,
 * next_page_token, SCIM startIndex) through the shared bounded pager. Every body is validated against its
 * schema (schemas.ts) before it is used: a body that does not fit is an `invalid-response` failure naming
 * the first misfit, so the fact built from it is unknown, never an empty list.
 */
import type { z } from "zod";
import { ApiFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import type { Deadline } from "../http/deadline.ts";
import { boundedPages, type PagerBounds } from "../http/pager.ts";
import { scimPageSchema } from "./schemas.ts";

export type Json = Record<string, unknown>;
type Query = Record<string, string | number | boolean>;

const endpointOf = (path: string, query: Query = {}) => {
  const shown = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  return `GET ${path}${shown ? `?${decodeURIComponent(shown)}` : ""}`;
};

/** Validates a body; a misfit is an invalid-response failure naming the path and what was expected. */
export function validate<S extends z.ZodType>(
  client: ReadOnlyApiClient,
  endpoint: string,
  schema: S,
  body: unknown,
): z.infer<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const at = issue?.path.length ? issue.path.map(String).join(".") : "the top level";
  throw new ApiFailure({
    endpoint,
    kind: "invalid-response",
    detail: client.scrub(`the response does not fit the API's shape at ${at}: ${issue?.message ?? "invalid"}`),
  });
}

export async function getJson<S extends z.ZodType>(
  client: ReadOnlyApiClient,
  path: string,
  schema: S,
  query: Query = {},
  options: { deadline?: Deadline; accept?: string } = {},
): Promise<z.infer<S>> {
  const body = await client.get(
    path,
    Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])),
    options,
  );
  return validate(client, endpointOf(path, query), schema, body);
}

export interface TokenListOptions {
  /** Query parameters of every page. */
  query?: Query;
  /** The request parameter that carries the token: `page_token` for most lists, `next_page_token` for repos. */
  tokenParam?: "page_token" | "next_page_token";
  bounds?: Partial<PagerBounds>;
}

/**
 * A token-paged list: follows `next_page_token` until it is absent or empty. Unity Catalog lists may return
 * a short or empty page together with a token (reference/apis.md §1), so an empty page does not end it; the
 * pager's bounds do (page limit, repeated token, deadlines).
 */
export async function pagedList<S extends z.ZodType<{ next_page_token?: string | undefined }>, Item>(
  client: ReadOnlyApiClient,
  path: string,
  schema: S,
  items: (page: z.infer<S>) => readonly Item[] | undefined,
  options: TokenListOptions = {},
): Promise<Item[]> {
  const tokenParam = options.tokenParam ?? "page_token";
  return boundedPages({
    endpoint: endpointOf(path, options.query),
    fetch: (token: string | undefined, _index, deadline) =>
      getJson(client, path, schema, { ...options.query, ...(token ? { [tokenParam]: token } : {}) }, { deadline }),
    items: (page) => items(page) ?? [],
    next: (page) => page.next_page_token || undefined,
    ...(options.bounds ? { bounds: options.bounds } : {}),
  });
}

/**
 * A SCIM list, paged by hand with startIndex and count (the SDK's SCIM iterators never advance startIndex,
 * reference/apis.md §0). `totalResults` must be a number; a page of items already seen (a server that ignores
 * startIndex) or a start past the announced total that still brings items stops it, through the pager.
 */
export async function scimList<S extends z.ZodType<{ id?: string | undefined }>>(
  client: ReadOnlyApiClient,
  path: string,
  item: S,
  query: Record<string, string> = {},
  pageSize = 100,
): Promise<z.infer<S>[]> {
  const page = scimPageSchema(item);
  type Page = z.infer<typeof page>;
  return boundedPages({
    endpoint: endpointOf(path, query),
    fetch: (start: number | undefined, _index, deadline) =>
      getJson(
        client,
        path,
        page,
        { ...query, startIndex: start ?? 1, count: pageSize },
        { deadline, accept: "application/scim+json" },
      ) as Promise<Page>,
    items: (body: Page) => (body.Resources ?? []) as z.infer<S>[],
    next: (body: Page, start: number | undefined, seen: number) => {
      const resources = body.Resources ?? [];
      const next = (start ?? 1) + resources.length;
      return resources.length === 0 || seen >= body.totalResults || next > body.totalResults ? undefined : next;
    },
    itemKey: (entry: z.infer<S>) => entry.id,
  });
}

/** Error codes with which Databricks says "this object does not exist" (the Go SDK's apierr ErrNotFound family). */
const DOES_NOT_EXIST = new Set(["RESOURCE_DOES_NOT_EXIST", "NOT_FOUND", "METASTORE_DOES_NOT_EXIST"]);

/**
 * True for a 404 that means "this object does not exist": only a Databricks error body with one of the
 * does-not-exist codes says so. A 404 without one (a proxy's HTML page, a gateway) or with ENDPOINT_NOT_FOUND
 * or FEATURE_DISABLED (the API is not there) is not absence; the fact stays unknown.
 */
export function isMissingResource(error: unknown): boolean {
  return (
    error instanceof ApiFailure &&
    error.status === 404 &&
    error.errorCode !== undefined &&
    DOES_NOT_EXIST.has(error.errorCode)
  );
}

const str = (value: unknown): string | null =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : null;

export { str };
