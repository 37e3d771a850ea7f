/**
 * What `lakeward fix` will change for each workspace of a results document: the failing checks whose
 * metadata has a Terraform fix (run on the workspace's evidence), and the ones that stay manual — no
 * Terraform fix, or a prerequisite missing on this workspace — with their portal/CLI steps.
 */

import type { FixInput, HclExpression, TerraformFix, VariableSpec } from "../checks/fix-types.ts";
import { findCheck } from "../checks/registry.ts";
import type { CheckMeta } from "../checks/types.ts";
import type { ResultsDocument } from "../reports/results-document.ts";
import { isSuppressed } from "../reports/shared.ts";

type WorkspaceResult = ResultsDocument["workspaces"][number];
type CheckResult = WorkspaceResult["results"][number];

export interface PlannedFix {
  meta: CheckMeta;
  result: CheckResult;
  fix: TerraformFix;
  /** Full: the Terraform fixes the finding; partial: some of it stays a manual step (fix.manual). */
  coverage: "full" | "partial";
}

export interface ManualFix {
  meta: CheckMeta;
  result: CheckResult;
  /** Why there is no Terraform for it here. */
  why: string;
  steps: string[];
}

export interface WorkspacePlan {
  workspace: FixInput["workspace"];
  fixes: PlannedFix[];
  manual: ManualFix[];
  variables: Map<string, VariableSpec>;
  egressIps: readonly string[] | null;
  /** Evidence values by label, as the workspace's results read them. */
  evidence: ReadonlyMap<string, unknown>;
  /** Failing checks left out because a suppression covers them. */
  suppressed: string[];
}

export const WORKSPACE_ADDRESS = "azurerm_databricks_workspace.this";

/** A results document summarises long lists ("12 items (see the snapshot …)"): not a value a fix can use. */
const isSummary = (value: unknown) => typeof value === "string" && /^\d+ items \(see the snapshot/.test(value);

export function planWorkspace(
  workspace: WorkspaceResult,
  options: { now: Date; egressIps?: readonly string[] | null },
): WorkspacePlan {
  const identity = workspace.workspace;
  const values = new Map<string, unknown>();
  const sources = new Map<string, string>();
  for (const result of workspace.results)
    for (const use of result.evidence) {
      if (use.reason !== undefined || values.has(use.label) || isSummary(use.value)) continue;
      values.set(use.label, use.value);
      sources.set(use.label, use.source);
    }
  const variables = new Map<string, VariableSpec>();
  const egressIps = options.egressIps ?? null;
  const plan: WorkspacePlan = {
    workspace: {
      name: identity.name,
      resourceId: identity.resourceId ?? null,
      location: identity.location ?? null,
      host: identity.host ?? null,
      workspaceId: identity.workspaceId ?? null,
    },
    fixes: [],
    manual: [],
    variables,
    egressIps,
    evidence: values,
    suppressed: [],
  };
  for (const result of workspace.results) {
    if (result.status !== "fail") continue;
    if (isSuppressed(result, options.now)) {
      plan.suppressed.push(result.checkId);
      continue;
    }
    const check = findCheck(result.checkId);
    if (!check) continue;
    const meta = check.meta;
    const spec = meta.remediation.fix;
    if (!spec) {
      plan.manual.push({ meta, result, why: "no Terraform resource makes this change", steps: [meta.remediation.ui] });
      continue;
    }
    const declared = new Map<string, VariableSpec>();
    const input: FixInput = {
      workspace: plan.workspace,
      evidence: (label) => values.get(label),
      source: (label) => sources.get(label),
      result: { message: result.message, resources: result.resources },
      variable: (name, variable): HclExpression => {
        declared.set(name, variables.get(name) ?? variable);
        return { hcl: `var.${name}` };
      },
      egressIps,
      workspaceAddress: WORKSPACE_ADDRESS,
    };
    const fix = spec(input);
    if (fix.blocked) {
      plan.manual.push({ meta, result, why: fix.blocked, steps: [meta.remediation.ui, ...(fix.manual ?? [])] });
      continue;
    }
    for (const [name, variable] of declared) variables.set(name, variable);
    plan.fixes.push({ meta, result, fix, coverage: fix.manual?.length ? "partial" : "full" });
  }
  return plan;
}

export function planDocument(
  document: ResultsDocument,
  options: { now: Date; workspace?: string; egressIps?: ReadonlyMap<string, readonly string[]> | null },
): WorkspacePlan[] {
  const chosen = document.workspaces.filter(
    (w) => !options.workspace || w.workspace.name === options.workspace || w.workspace.resourceId === options.workspace,
  );
  return chosen.map((workspace) =>
    planWorkspace(workspace, {
      now: options.now,
      egressIps: options.egressIps ? (egressFor(options.egressIps, workspace.workspace) ?? []) : null,
    }),
  );
}

function egressFor(
  index: ReadonlyMap<string, readonly string[]>,
  identity: WorkspaceResult["workspace"],
): readonly string[] | undefined {
  for (const key of [identity.workspaceId, identity.resourceId?.toLowerCase()])
    if (key && index.has(key)) return index.get(key);
  return undefined;
}
