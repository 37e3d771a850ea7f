/**
 * Results documents for the report tests, judged by the real checks from evidence fixtures: a good
 * workspace, a hostile one whose workspace-supplied text tries HTML, script, CSV-formula and Markdown
 * injection, and one whose evidence could not be read. Suppression and IaC locations are set on results
 * the way the engine will set them.
 */
import { judge } from "../../src/cli/judge.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import type { ResultsDocument } from "../../src/reports/results-document.ts";
import { daysAgo, goodCluster, goodEvidence, k, NOW, u } from "../support/evidence.ts";

export const HOSTILE = {
  html: "<img src=x onerror=alert(1)>",
  script: "</script><script>alert(2)</script>",
  formula: '=HYPERLINK("http://evil.example/x","click")',
  markdown: "![pixel](http://evil.example/p.png) @octo-org/admins | [link](javascript:alert(3)) `code`",
} as const;

export function hostileEvidence(): WorkspaceEvidence {
  const evidence = goodEvidence();
  evidence.workspace = {
    ...evidence.workspace,
    name: HOSTILE.html,
    host: "https://adb-2.2.azuredatabricks.net",
    resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/hostile",
    workspaceId: "2",
  };
  // Clusters without user isolation: DATA-12 fails and names them.
  evidence.databricks.clusters = k([
    goodCluster({ id: "c-1", name: HOSTILE.html, accessMode: "NONE" }),
    goodCluster({ id: "c-2", name: HOSTILE.formula, accessMode: "NONE" }),
    goodCluster({ id: "c-3", name: HOSTILE.markdown, accessMode: "NONE" }),
  ]);
  // A token that never expires, with a comment that tries to close the script element: IAM-07 fails.
  evidence.databricks.tokens = k([
    {
      id: "t-evil",
      createdBy: "mallory@example.com",
      ownerId: "9",
      createdAt: daysAgo(3),
      expiresAt: null,
      lastUsedDay: daysAgo(1),
      comment: HOSTILE.script,
    },
  ]);
  return evidence;
}

export function unreadableEvidence(): WorkspaceEvidence {
  const evidence = goodEvidence();
  evidence.workspace = {
    ...evidence.workspace,
    name: "adb-forbidden",
    host: "https://adb-3.3.azuredatabricks.net",
    resourceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/forbidden",
    workspaceId: "3",
  };
  evidence.databricks.ipAccessLists = u("forbidden (HTTP 403 PERMISSION_DENIED: not an admin)");
  evidence.databricks.clusters = u("forbidden (HTTP 403 PERMISSION_DENIED: not an admin)");
  evidence.azure.noPublicIp = u("not available (HTTP 404)");
  return evidence;
}

/** Good, hostile and partly unreadable workspaces, judged at the high profile. */
export function sampleDocument(): ResultsDocument {
  const document = judge([goodEvidence(), hostileEvidence(), unreadableEvidence()], "high", NOW);
  return JSON.parse(JSON.stringify(document)) as ResultsDocument;
}

export function findResult(document: ResultsDocument, workspace: number, checkId: string) {
  const result = document.workspaces[workspace]?.results.find((r) => r.checkId === checkId);
  if (!result) throw new Error(`no ${checkId} result in workspace ${workspace}`);
  return result;
}

/** Marks a failing result as suppressed (as the config file will) and another as declared in IaC. */
export function withSuppressionAndLocations(document: ResultsDocument): ResultsDocument {
  const iam07 = findResult(document, 1, "IAM-07");
  if (iam07.status !== "fail") throw new Error(`IAM-07 should fail on the hostile workspace: ${iam07.message}`);
  iam07.suppression = { reason: "CI token rotated by the vault job", expires: "2099-12-31", scope: "*" };
  const data12 = findResult(document, 1, "DATA-12");
  data12.locations = [
    { file: "infra/databricks/clusters.tf", line: 12 },
    { file: "infra/my cluster.tf", line: 3 },
  ];
  return document;
}
