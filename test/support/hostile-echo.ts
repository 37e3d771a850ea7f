/**
 * Hostile servers that echo the credential lakeward sent them, for the fault proxy (test/support/fault-proxy.ts):
 * one set of rules per source, shared by the canary suites (test/azure-faults.test.ts, test/canaries.test.ts,
 * test/store/secrets.test.ts) so that every output they search sees the same hostile answers. Each rule puts
 * the token somewhere a careless error path would copy it: a JSON error message, an error code, an HTML page
 * (with and without `Bearer`), a URL-encoded text body, a response header, a paging token and an off-host link.
 */
import type { FaultRule } from "./fault-proxy.ts";

/** A canary token shaped like a JWT, so that its signature alone is a canary too (ARM and Graph tokens are JWTs). */
export const ECHO_JWT = "eyJhbGciOiJSUzI1NiJ9.eyJMV0NBTkFSWSI6ImFybSJ9.LWCANARYazureTokenSignature7f3a9c1e5b2d8046";

/** The forms of `token` a leak could take: raw, URL-encoded, and a JWT's signature alone. */
export function echoForms(token: string): string[] {
  const signature = token.split(".")[2];
  return [token, encodeURIComponent(token), ...(signature ? [signature] : [])];
}

/** ARM answers echoing `token`: error message, error code, HTML 404 page, URL-encoded text, an off-host link. */
export function armEchoRules(token: string): FaultRule[] {
  const signature = token.split(".")[2] ?? token;
  return [
    {
      path: "*/providers/Microsoft.Insights/activityLogAlerts",
      fault: {
        kind: "status",
        status: 403,
        body: { error: { code: "AuthorizationFailed", message: `token ${token} may not read this` } },
      },
    },
    {
      path: "*/providers/Microsoft.Authorization/locks",
      fault: { kind: "status", status: 400, body: { error: { code: token, message: "bad request" } } },
    },
    {
      path: "*/providers/Microsoft.Authorization/roleAssignments",
      fault: {
        kind: "status",
        status: 404,
        contentType: "text/html",
        body: `<html><body>No route for Bearer ${token} or ${signature}</body></html>`,
      },
    },
    {
      path: "*/providers/Microsoft.Insights/diagnosticSettings",
      fault: {
        kind: "status",
        status: 500,
        contentType: "text/plain",
        body: `upstream said ${encodeURIComponent(token)}`,
      },
    },
    {
      path: "*/providers/Microsoft.Compute/locations/*/usages",
      fault: {
        kind: "rewrite",
        json: (body, _r, proxy) => ({ ...(body as object), nextLink: `${proxy.trapUrl}/steal?token=${token}` }),
      },
    },
  ];
}

/** Graph answers echoing `token` in an error message. */
export function graphEchoRules(token: string): FaultRule[] {
  return [
    {
      path: "/v1.0/groups/*/transitiveMembers/microsoft.graph.user",
      fault: {
        kind: "status",
        status: 403,
        body: { error: { code: "Authorization_RequestDenied", message: `Insufficient privileges for ${token}` } },
      },
    },
  ];
}

/**
 * Databricks workspace answers echoing `token`: in a Databricks error body's message and its error_code, an
 * HTML page from a proxy, a URL-encoded text body, a Retry-After header and a WWW-Authenticate header, and a
 * next_page_token that is the token (sent back on the same origin, answered by an error quoting it).
 */
export function databricksEchoRules(token: string): FaultRule[] {
  return [
    {
      path: "/api/2.0/workspace-conf",
      fault: {
        kind: "status",
        status: 403,
        body: { error_code: "PERMISSION_DENIED", message: `token ${token} may not read workspace-conf` },
      },
    },
    {
      path: "/api/2.1/clusters/list",
      fault: { kind: "status", status: 400, body: { error_code: token, message: "bad request" } },
    },
    {
      path: "/api/2.0/ip-access-lists",
      fault: {
        kind: "status",
        status: 404,
        contentType: "text/html",
        body: `<html><body>No route for Bearer ${token} or ${token}</body></html>`,
      },
    },
    {
      path: "/api/2.0/global-init-scripts",
      fault: {
        kind: "status",
        status: 500,
        contentType: "text/plain",
        body: `upstream said ${encodeURIComponent(token)}`,
      },
    },
    {
      path: "/api/2.0/secrets/scopes/list",
      times: 2,
      fault: {
        kind: "status",
        status: 429,
        retryAfter: token,
        headers: { "www-authenticate": `Bearer error="invalid_token", error_description="${token}"` },
        body: { error_code: "REQUEST_LIMIT_EXCEEDED", message: `slow down, ${token}` },
      },
    },
    {
      // The paging token came back: a hostile server quotes it in its error.
      path: "/api/2.2/jobs/list",
      query: /page_token=/,
      fault: {
        kind: "status",
        status: 400,
        body: { error_code: "INVALID_PARAMETER_VALUE", message: `invalid page token ${token}` },
      },
    },
    {
      path: "/api/2.2/jobs/list",
      fault: {
        kind: "rewrite",
        json: (body) => ({ ...(body as object), has_more: true, next_page_token: token }),
      },
    },
  ];
}
