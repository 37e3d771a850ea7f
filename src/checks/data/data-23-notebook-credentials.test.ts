import { checkCases } from "../../../test/support/check-cases.ts";
import { k, u } from "../../../test/support/evidence.ts";
import check from "./data-23-notebook-credentials.ts";

const finding = (path: string, line: number, kind = "Azure storage account key") => ({
  path,
  line,
  kind,
  fingerprint: "sha256:0123456789abcdef",
});

checkCases(check, [
  { name: "clean full scan", status: "pass", message: /12 notebooks/ },
  {
    name: "empty workspace",
    status: "pass",
    edit: (e) => void (e.databricks.notebookScan = k({ scanned: 0, truncated: false, findings: [] })),
    message: /no notebooks/,
  },
  {
    name: "a key in a notebook: location named, value and fingerprint not in the message",
    status: "fail",
    edit: (e) =>
      void (e.databricks.notebookScan = k({
        scanned: 12,
        truncated: false,
        findings: [finding("/Users/dana@example.com/etl", 14), finding("/Users/dana@example.com/etl", 40, "password")],
      })),
    message:
      /^(?!.*sha256)2 hard-coded credential\(s\) in 1 object\(s\): \/Users\/dana@example.com\/etl:14 \(Azure storage account key\)/,
    resources: [
      "/Users/dana@example.com/etl:14 (Azure storage account key)",
      "/Users/dana@example.com/etl:40 (password)",
    ],
  },
  {
    name: "findings in a truncated scan: fail, and say the scan was incomplete",
    status: "fail",
    edit: (e) =>
      void (e.databricks.notebookScan = k({
        scanned: 500,
        truncated: true,
        findings: [finding("/Repos/x/job.py", 3)],
      })),
    message: /stopped after 500 objects/,
  },
  {
    name: "a truncated scan without findings is not a clean pass",
    status: "unknown",
    edit: (e) => void (e.databricks.notebookScan = k({ scanned: 500, truncated: true, findings: [] })),
    message: /stopped at its limit/,
  },
  {
    name: "scan not run",
    status: "unknown",
    edit: (e) => void (e.databricks.notebookScan = u("HTTP 403 on /api/2.0/workspace/export")),
  },
]);
