import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-08-discovered-settings.ts";

checkCases(check, [
  {
    name: "a setting no check judges",
    status: "fail",
    edit: (e) =>
      void (e.databricks.discoveredSettings = k([
        {
          name: "llm_proxy_partner_powered",
          type: "BooleanMessage",
          description: "Partner-powered AI features",
          docsLink: null,
          effective: k('{"value":false}'),
        },
      ])),
    message:
      /1 not judged by any check: new workspace setting llm_proxy_partner_powered, effective value \{"value":false\}, not judged/,
    resources: ['new workspace setting llm_proxy_partner_powered, effective value {"value":false}, not judged'],
  },
  {
    name: "only judged settings",
    status: "pass",
    edit: (e) =>
      void (e.databricks.discoveredSettings = k([
        { name: "restrict_workspace_admins", type: null, description: null, docsLink: null, effective: k(null) },
      ])),
    message: /every one judged/,
  },
  {
    name: "a value that could not be read is named",
    status: "fail",
    edit: (e) =>
      void (e.account.discoveredSettings = k([
        { name: "new_thing", type: null, description: null, docsLink: null, effective: u("HTTP 403") },
      ])),
    message: /new account setting new_thing, effective value not read \(HTTP 403\)/,
  },
  {
    name: "catalogue not readable",
    status: "unknown",
    edit: (e) => void (e.databricks.discoveredSettings = u("HTTP 404 ENDPOINT_NOT_FOUND")),
    message: /ENDPOINT_NOT_FOUND/,
  },
]);
