/** A Databricks workspace tree for the notebook scan, served by a stub client instead of HTTP. */
import type { ReadOnlyApiClient } from "../../src/sources/http/databricks-client.ts";

export interface StubObject {
  path: string;
  type: "NOTEBOOK" | "FILE" | "DIRECTORY";
  content?: string;
  /** The size /workspace/list reports (files only). */
  size?: number;
}

/** Answers /api/2.0/workspace/list and /export from `objects`, as the real API shapes them. */
export function stubWorkspace(objects: readonly StubObject[]): ReadOnlyApiClient {
  const request = async ({ path, query }: { path: string; query: Record<string, string> }) => {
    if (path === "/api/2.0/workspace/list") {
      const dir = query.path === "/" ? "" : query.path;
      return {
        objects: objects
          .filter((o) => o.path.slice(0, o.path.lastIndexOf("/")) === dir)
          .map((o) => ({ path: o.path, object_type: o.type, ...(o.size !== undefined ? { size: o.size } : {}) })),
      };
    }
    const object = objects.find((o) => o.path === query.path);
    return { content: Buffer.from(object?.content ?? "").toString("base64") };
  };
  // The collectors call `get` (a validated GET) and `scrub` on the transport; `request` is the SDK's entry.
  const get = (path: string, query: Record<string, string> = {}) => request({ path, query });
  return { request, get, scrub: (text: string) => text } as unknown as ReadOnlyApiClient;
}
