import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./iam-16-token-scopes.ts";

const retoken = (e: WorkspaceEvidence, change: Record<string, unknown>) => {
  if (e.databricks.tokens.status === "known")
    e.databricks.tokens = k(e.databricks.tokens.value.map((t) => ({ ...t, ...change })));
};

checkCases(check, [
  { name: "scoped tokens only", status: "pass", message: /all 1 live tokens are scoped/ },
  { name: "no tokens", status: "pass", edit: (e) => void (e.databricks.tokens = k([])), message: /no live/ },
  {
    name: "a token with the authentication scope",
    status: "fail",
    edit: (e) => retoken(e, { scopes: ["jobs", "authentication"] }),
    message: /can mint tokens/,
    resources: ["t1 (sp)"],
  },
  {
    name: "a pre-scopes token (backfilled, no scopes) reaches every API",
    status: "fail",
    edit: (e) => retoken(e, { scopes: null, inferredScopes: null, autoscopeState: "AUTOSCOPE_STATE_BACKFILLED" }),
    message: /reach every API/,
  },
  {
    name: "the API reports no scope fields at all",
    status: "unknown",
    edit: (e) => retoken(e, { scopes: undefined, inferredScopes: undefined, autoscopeState: undefined }),
    message: /does not report scopes/,
  },
  {
    name: "token management forbidden",
    status: "unknown",
    edit: (e) => void (e.databricks.tokens = u("HTTP 403 PERMISSION_DENIED")),
    message: /403/,
  },
]);
