import { checkCases } from "../../../test/support/check-cases.ts";
import { conf, u } from "../../../test/support/evidence.ts";
import check from "./data-16-mlflow-artifact-download.ts";

checkCases(check, [
  { name: "disabled", status: "pass", message: /disabled \(mlflowRunArtifactDownloadEnabled "false"\)/ },
  {
    name: "never set: the default is on",
    status: "fail",
    edit: (e) => conf(e, "mlflowRunArtifactDownloadEnabled", null),
    message: /never set \(default "true"\)/,
  },
  { name: "explicitly on", status: "fail", edit: (e) => conf(e, "mlflowRunArtifactDownloadEnabled", "true") },
  {
    name: "forbidden",
    status: "unknown",
    edit: (e) => conf(e, "mlflowRunArtifactDownloadEnabled", u("forbidden (HTTP 403 PERMISSION_DENIED)")),
    message: /403/,
  },
]);
