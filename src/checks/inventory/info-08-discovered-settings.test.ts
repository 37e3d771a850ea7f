import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./info-08-discovered-settings.ts";

const partnerAi = (value: boolean) => ({
  name: "llm_proxy_partner_powered",
  type: "BooleanMessage",
  description: "Partner-powered AI features",
  docsLink: null,
  effective: k(`{"value":${value}}`),
});

checkCases(check, [
  {
    name: "a setting no check judges is on record by name, its value in the message (not a failure)",
    status: "pass",
    edit: (e) => void (e.databricks.discoveredSettings = k([partnerAi(false)])),
    message:
      /1 settings in the catalogue, 0 judged by a check; 1 not judged, recorded with their effective values: workspace setting llm_proxy_partner_powered \(effective value \{"value":false\}\)/,
    resources: ["workspace setting llm_proxy_partner_powered"],
  },
  {
    name: "the same setting with another value keeps the same resource (the value is evidence)",
    status: "pass",
    edit: (e) => void (e.databricks.discoveredSettings = k([partnerAi(true)])),
    message: /effective value \{"value":true\}/,
    resources: ["workspace setting llm_proxy_partner_powered"],
  },
  {
    name: "a feature preview says so",
    status: "pass",
    edit: (e) => void (e.databricks.discoveredSettings = k([{ ...partnerAi(false), previewPhase: "PUBLIC_PREVIEW" }])),
    message:
      /\(1 of them feature previews\): workspace setting llm_proxy_partner_powered \(effective value \{"value":false\}, feature preview PUBLIC_PREVIEW\)/,
    resources: ["workspace setting llm_proxy_partner_powered"],
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
    name: "a judged setting named camelCase by the catalogue is still judged, not listed as new",
    status: "pass",
    edit: (e) =>
      void (e.databricks.discoveredSettings = k([
        { name: "allowedAppsUserApiScopes", type: null, description: null, docsLink: null, effective: k(null) },
      ])),
    message: /every one judged/,
  },
  {
    name: "a value that could not be read is named",
    status: "pass",
    edit: (e) =>
      void (e.account.discoveredSettings = k([
        { name: "new_thing", type: null, description: null, docsLink: null, effective: u("HTTP 403") },
      ])),
    message: /\(1 could not be read\): account setting new_thing \(effective value not read \(HTTP 403\)\)/,
    resources: ["account setting new_thing"],
  },
  {
    name: "workspace catalogue not readable",
    status: "unknown",
    edit: (e) => void (e.databricks.discoveredSettings = u("HTTP 404 ENDPOINT_NOT_FOUND")),
    message: /ENDPOINT_NOT_FOUND/,
  },
  {
    name: "account catalogue not readable",
    status: "unknown",
    edit: (e) => void (e.account.discoveredSettings = u("HTTP 403")),
    message: /403/,
  },
]);
