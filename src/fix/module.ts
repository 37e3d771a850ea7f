/**
 * One workspace's plan as a Terraform module ready to review: versions.tf (providers pinned), main.tf
 * (`import` blocks for what exists, the resources with every change commented with its check), variables.tf
 * (what lakeward cannot know, each with a description) and README.md (what changes, what to do first,
 * and the checks that stay manual with their portal/CLI steps).
 */
import type { HclObject, HclValue, NewResource } from "../checks/fix-types.ts";
import { applyToBody, baseDeclaration, declarationKey, isWorkspaceSetting } from "./declare.ts";
import { comment, renderBlock, renderValue } from "./hcl-write.ts";
import type { PlannedFix, WorkspacePlan } from "./plan.ts";

/** Provider versions the fixes and the blueprint are written against, pinned exactly (bump them here). */
export const PROVIDER_VERSIONS = { azurerm: "4.50.0", databricks: "1.99.0" } as const;
/** `import` blocks need Terraform 1.5. */
export const TERRAFORM_VERSION = ">= 1.5.0";

export interface Declaration {
  resource: { type: string; name: string; body: Record<string, HclValue>; importId?: string };
  checks: string[];
  cautions: string[];
  data: NonNullable<NewResource["data"]>;
}

export interface AssembledPlan {
  declarations: Declaration[];
  /** Per check: changes that found no resource to go on (module mode: what is not in Terraform). */
  unplaced: Map<string, string[]>;
}

const label = (fix: PlannedFix) => `${fix.meta.id} ${fix.meta.title}`;

/** Every resource the module declares, with the plan's changes applied and the checks that asked for them. */
export function assemble(plan: WorkspacePlan): AssembledPlan {
  const byKey = new Map<string, Declaration>();
  const unplaced = new Map<string, string[]>();
  const declare = (resource: NewResource, fix: PlannedFix): Declaration => {
    const key = declarationKey(resource);
    let entry = byKey.get(key);
    if (!entry) {
      entry = {
        resource: {
          type: resource.type,
          name: resource.name,
          body: structuredClone(resource.body) as Record<string, HclValue>,
          ...(resource.importId ? { importId: resource.importId } : {}),
        },
        checks: [],
        cautions: [],
        data: [...(resource.data ?? [])],
      };
      byKey.set(key, entry);
    }
    if (!entry.checks.includes(fix.meta.id)) entry.checks.push(fix.meta.id);
    return entry;
  };
  for (const fix of plan.fixes) {
    let first: Declaration | undefined;
    for (const change of fix.fix.settings ?? []) {
      const base = baseDeclaration(plan, change);
      if (!base) {
        const steps = unplaced.get(fix.meta.id) ?? [];
        const step =
          change.otherwise ??
          `${change.resource}: set ${change.path.join(".")} (the scan did not read what to declare it from)`;
        if (!steps.includes(step)) steps.push(step);
        unplaced.set(fix.meta.id, steps);
        continue;
      }
      const entry = declare(base, fix);
      first ??= entry;
      applyToBody(entry.resource.body, change.path, change.value, label(fix), change.ifAbsent);
    }
    for (const resource of fix.fix.resources ?? []) first ??= declare(resource, fix);
    for (const resource of fix.fix.resources ?? []) declare(resource, fix);
    for (const caution of fix.fix.caution ?? []) {
      const target = first;
      if (target && !target.cautions.includes(`${fix.meta.id}: ${caution}`))
        target.cautions.push(`${fix.meta.id}: ${caution}`);
    }
  }
  const order = (d: Declaration) =>
    d.resource.type === "azurerm_databricks_workspace"
      ? 0
      : d.resource.type === "databricks_workspace_conf"
        ? 1
        : isWorkspaceSetting(d.resource.type)
          ? 2
          : 3;
  const declarations = [...byKey.values()].sort((a, b) => order(a) - order(b));
  return { declarations, unplaced };
}

export function renderImport(declaration: Declaration): string | null {
  const { type, name, importId } = declaration.resource;
  if (!importId) return null;
  return renderBlock("import", [], { to: { hcl: `${type}.${name}` }, id: importId });
}

export function renderDeclaration(declaration: Declaration, titles: ReadonlyMap<string, string>): string {
  const lines: string[] = [];
  const named = declaration.checks.map((id) => `${id} ${titles.get(id) ?? ""}`.trim());
  lines.push(comment(`Fixes ${named.join("; ")}.`));
  for (const caution of declaration.cautions) lines.push(comment(`BEFORE YOU APPLY — ${caution}`));
  for (const data of declaration.data) lines.push(renderBlock("data", [data.type, data.name], data.body));
  lines.push(
    renderBlock("resource", [declaration.resource.type, declaration.resource.name], declaration.resource.body),
  );
  return lines.join("\n");
}

export function renderVariables(plan: WorkspacePlan): string {
  return [...plan.variables]
    .map(([name, spec]) =>
      renderBlock("variable", [name], {
        type: { hcl: spec.type },
        description: spec.description,
        ...(spec.default !== undefined ? { default: spec.default } : {}),
      }),
    )
    .join("\n\n");
}

/** The `terraform` block every file set lakeward writes starts with: Terraform and the providers, pinned. */
export function terraformBlock(): string {
  return `terraform {
  required_version = ${renderValue(TERRAFORM_VERSION)}
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = ${renderValue(PROVIDER_VERSIONS.azurerm)}
    }
    databricks = {
      source  = "databricks/databricks"
      version = ${renderValue(PROVIDER_VERSIONS.databricks)}
    }
  }
}`;
}

export function renderVersions(plan: WorkspacePlan): string {
  const subscription = /\/subscriptions\/([^/]+)/i.exec(plan.workspace.resourceId ?? "")?.[1];
  const terraform = terraformBlock();
  const azurerm: HclObject = {
    features: { blocks: [{}] },
    ...(subscription ? { subscription_id: subscription } : {}),
  };
  const databricks: HclObject = {
    ...(plan.workspace.host ? { host: plan.workspace.host } : {}),
    ...(plan.workspace.resourceId ? { azure_workspace_resource_id: plan.workspace.resourceId } : {}),
  };
  return [
    comment("Providers pinned to the versions lakeward's fixes are written against."),
    terraform,
    renderBlock("provider", ["azurerm"], azurerm),
    renderBlock("provider", ["databricks"], databricks),
  ].join("\n\n");
}

export function renderMain(plan: WorkspacePlan, assembled: AssembledPlan): string {
  const titles = new Map(plan.fixes.map((f) => [f.meta.id, f.meta.title]));
  const imports = assembled.declarations.map(renderImport).filter((x): x is string => x !== null);
  const parts = [
    comment(
      `lakeward fix for workspace ${plan.workspace.name}: one resource per setting it changes, each commented\nwith the check it fixes. Review README.md first, then terraform init && terraform plan.`,
    ),
  ];
  if (imports.length)
    parts.push(
      `${comment("Adopt what already exists, so the plan changes it in place instead of creating it.")}\n${imports.join("\n\n")}`,
    );
  for (const declaration of assembled.declarations) parts.push(renderDeclaration(declaration, titles));
  return parts.join("\n\n");
}
