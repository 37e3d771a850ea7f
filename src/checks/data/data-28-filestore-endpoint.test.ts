import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./data-28-filestore-endpoint.ts";

checkCases(check, [
  { name: "disabled", status: "pass", message: /disabled/ },
  { name: "enabled", status: "fail", edit: (e) => conf(e, "enableFileStoreEndpoint", "true"), message: /enabled/ },
  {
    name: "never set: the default is not documented",
    status: "unknown",
    edit: (e) => conf(e, "enableFileStoreEndpoint", null),
    message: /never set/,
  },
  { name: "unreadable", status: "unknown", edit: (e) => conf(e, "enableFileStoreEndpoint", u()) },
]);
