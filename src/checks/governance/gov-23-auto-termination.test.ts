import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import type { WorkspaceEvidence } from "../../evidence/model.ts";
import check from "./gov-23-auto-termination.ts";

const idle = (e: WorkspaceEvidence, minutes: number | null, source = "UI") => {
  if (e.databricks.clusters.status === "known")
    e.databricks.clusters = k(
      e.databricks.clusters.value.map((c) => ({ ...c, autoterminationMinutes: minutes, source })),
    );
};

checkCases(check, [
  { name: "60 idle minutes", status: "pass", message: /terminate within 120/ },
  { name: "never terminates", status: "fail", edit: (e) => idle(e, 0), message: /shared \(never\)/ },
  { name: "8 hours", status: "fail", edit: (e) => idle(e, 480), message: /shared \(480 min\)/ },
  {
    name: "8 hours allowed by the threshold",
    status: "pass",
    thresholds: { maxIdleMinutes: 600 },
    edit: (e) => idle(e, 480),
  },
  { name: "a job cluster is not judged", status: "pass", edit: (e) => idle(e, 0, "JOB"), message: /no all-purpose/ },
  {
    name: "clusters forbidden",
    status: "unknown",
    edit: (e) => void (e.databricks.clusters = u("HTTP 403")),
    message: /403/,
  },
]);
