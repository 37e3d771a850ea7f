import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { Fact } from "../../evidence/fact.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./data-32-genie-chat-sharing.ts";

const genie = (e: WorkspaceEvidence, effective: Fact<string | null>) => {
  const settings = e.databricks.discoveredSettings;
  if (settings.status !== "known") throw new Error("fixture");
  e.databricks.discoveredSettings = k(
    settings.value.map((s) => (s.name === "genie_chat_share_policy" ? { ...s, effective } : s)),
  );
};

checkCases(check, [
  {
    name: "sharing with all account users disabled",
    status: "pass",
    message: /cannot be shared with all account users/,
  },
  {
    name: "explicitly allowed",
    status: "fail",
    edit: (e) => genie(e, k('{"disable_make_chat_private":false,"disable_share_with_account_users":false}')),
    message: /disable_share_with_account_users is false/,
  },
  {
    name: "never set: the default allows it",
    status: "fail",
    edit: (e) => genie(e, k(null)),
    message: /never set/,
  },
  { name: "value not readable", status: "unknown", edit: (e) => genie(e, u("HTTP 403")), message: /403/ },
  {
    name: "the catalogue does not list the setting",
    status: "unknown",
    edit: (e) => void (e.databricks.discoveredSettings = k([])),
    message: /does not list genie_chat_share_policy/,
  },
  {
    name: "catalogue not readable",
    status: "unknown",
    edit: (e) => void (e.databricks.discoveredSettings = u("HTTP 404 ENDPOINT_NOT_FOUND")),
  },
  { name: "Standard tier", status: "not_applicable", edit: (e) => void (e.azure.sku = k("standard")) },
]);
