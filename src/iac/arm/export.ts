/**
 * ARM resource JSON as exported from a deployed workspace (issue 15 item 10): `az databricks workspace show`,
 * `az resource show` / `az resource list`, an ARM list body (`{"value": [...]}`) and Azure Resource Graph
 * results (`az graph query`: `{"data": [...]}`, or the rows alone). The workspace is live state, so it is
 * judged as a live read judges the same GET body: the body is checked against the wire shape of the spec
 * (src/sources/azure/wire.ts) and mapped by the live collector's own mapWorkspaceResource. What an export
 * does not hold (diagnostic settings, subnets, locks, role assignments, the Databricks side) is unknown
 * with that reason, and listed once as not judged. (`az group export` writes an ARM template: scan.ts reads
 * it as one.)
 */
import type { Workspace } from "@azure/arm-databricks";
import { azureWorkspaceSchema, databricksWorkspaceSchema, type WorkspaceEvidence } from "../../evidence/model.ts";
import { allUnknown } from "../../evidence/unknown.ts";
import { shapeProblem, workspaceWire } from "../../sources/azure/wire.ts";
import { mapWorkspaceResource } from "../../sources/azure/workspace-resource.ts";
import { WORKSPACE_CONF_KEYS } from "../../sources/databricks/workspace-conf-keys.ts";
import type { ParsedJson } from "../../util/json-file.ts";
import { IacFileError, parseConfigJson } from "../errors.ts";
import { emptyEvidence, notDeclarable } from "../evidence.ts";
import { displayPath } from "../paths.ts";
import { readIacText } from "../read.ts";
import type { ConfigurationScan } from "../terraform/scan.ts";

const WORKSPACE_TYPE = "microsoft.databricks/workspaces";

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isWorkspace = (value: unknown): value is Json =>
  isObject(value) && typeof value.type === "string" && value.type.toLowerCase() === WORKSPACE_TYPE;

/** The resources of an export: one resource, a list of them, an ARM list body or a Resource Graph result. */
function exportedResources(value: unknown): { items: unknown[]; path: (i: number) => (string | number)[] } | null {
  if (Array.isArray(value)) return { items: value, path: (i) => [i] };
  if (isObject(value)) {
    for (const key of ["value", "data"] as const)
      if (Array.isArray(value[key])) {
        const list = value[key] as unknown[];
        return { items: list, path: (i) => [key, i] };
      }
    if (typeof value.type === "string" && typeof value.id === "string") return { items: [value], path: () => [] };
  }
  return null;
}

/** Whether parsed JSON is an export lakeward reads: it holds at least one Azure Databricks workspace resource. */
export function isArmExport(value: unknown): boolean {
  return exportedResources(value)?.items.some(isWorkspace) ?? false;
}

/**
 * The wire body (`properties` nested, as ARM, `az resource show` and Resource Graph write it) of a resource
 * that may come flattened (as the SDK models and `az databricks workspace show` write it: the properties
 * beside id, name and sku).
 */
function wireBody(resource: Json): Json {
  if (isObject(resource.properties)) return resource;
  const { id, name, type, location, tags, sku, systemData, ...properties } = resource;
  return { id, name, type, location, tags, sku, systemData, properties };
}

/**
 * The wire body as the SDK model the live mapper reads. Written after @azure/arm-databricks 4.0.0's
 * workspaceDeserializer (dist/esm/models/models.js, not exported by the package): the properties are
 * spread beside id, name and sku, and the DBFS encryption parameter's wire names (`KeyName`, `keyversion`,
 * `keyvaulturi`) become keyName, keyVersion, keyVaultUri.
 */
function asSdkWorkspace(body: Json): Workspace {
  const { properties, ...resource } = body;
  const props = { ...(properties as Json) };
  const parameters = isObject(props.parameters) ? { ...props.parameters } : props.parameters;
  if (isObject(parameters) && isObject(parameters.encryption) && isObject(parameters.encryption.value)) {
    const value = parameters.encryption.value;
    parameters.encryption = {
      ...parameters.encryption,
      value: {
        keySource: value.keySource,
        keyName: value.KeyName ?? value.keyName,
        keyVersion: value.keyversion ?? value.keyVersion,
        keyVaultUri: value.keyvaulturi ?? value.keyVaultUri,
      },
    };
  }
  return { ...resource, ...props, parameters } as Workspace;
}

/** The last line of the resource at `path`: the line of the next sibling's start, or the file's end. */
function lineAtEnd(parsed: ParsedJson, path: (string | number)[]): number {
  const last = path.at(-1);
  if (typeof last === "number") {
    const next = parsed.lineOf([...path.slice(0, -1), last + 1]);
    if (next > parsed.lineOf(path)) return next;
  }
  return parsed.text.split("\n").length;
}

const NOT_EXPORTED =
  "not in an ARM export (it holds the workspace resource only): run lakeward scan on the deployed workspace";

/** One export file → the workspaces it holds, judged as a live read of their ARM resource. */
export function scanArmExport(parsed: ParsedJson, at: Date): ConfigurationScan {
  const source = `ARM export ${parsed.file}`;
  const found = exportedResources(parsed.value);
  const evidence: WorkspaceEvidence[] = [];
  const declarations: ConfigurationScan["declarations"] = [];
  const errors: IacFileError[] = [];
  const declaredAt = new Map<WorkspaceEvidence, { file: string; line: number }>();
  (found?.items ?? []).forEach((item, i) => {
    if (!isWorkspace(item)) return;
    const line = parsed.lineOf(found!.path(i));
    const endLine = lineAtEnd(parsed, found!.path(i));
    const body = wireBody(item);
    const checked = workspaceWire.safeParse(body);
    if (!checked.success) {
      errors.push(
        new IacFileError(
          parsed.file,
          line,
          `not an Azure Databricks workspace resource as ARM returns it (${shapeProblem(checked.error)})`,
        ),
      );
      return;
    }
    const workspace = asSdkWorkspace(body);
    const base = emptyEvidence(
      {
        name: workspace.name ?? `workspace at ${parsed.file}:${line}`,
        host: workspace.workspaceUrl ? `https://${workspace.workspaceUrl}` : null,
        resourceId: workspace.id ?? null,
        workspaceId: workspace.workspaceId ?? null,
        location: workspace.location ?? null,
        origin: "arm-export",
      },
      source,
      at,
    );
    const reason = notDeclarable(NOT_EXPORTED, source).reason;
    const ev: WorkspaceEvidence = {
      ...base,
      azure: { ...allUnknown(azureWorkspaceSchema, reason, source), ...mapWorkspaceResource(workspace) },
      databricks: allUnknown(databricksWorkspaceSchema, reason, source, Object.keys(WORKSPACE_CONF_KEYS)),
    };
    evidence.push(ev);
    declaredAt.set(ev, { file: parsed.file, line });
    declarations.push({
      address: workspace.id ?? `${parsed.file}:${line}`,
      file: parsed.file,
      line,
      endLine,
      workspace: workspace.id ?? null,
    });
  });
  return {
    evidence,
    declarations,
    texts: new Map([[parsed.file, parsed.text]]),
    notes: [
      `${parsed.file}: an ARM export of ${evidence.length} workspace(s), judged as a live read of the ARM resource`,
    ],
    errors,
    moduleDirs: [],
    declaredAt,
  };
}

/**
 * `lakeward scan --arm-export FILE`: the workspaces of an export as evidence for the live scan's judging —
 * the ARM side as a live read of the same body, everything else unknown with the reason (no check is left
 * out: a scan judges every check). An unreadable file, one that is no export, or one whose every workspace
 * has the wrong shape is an InputError naming file and line; a wrong item among good ones is returned in
 * `errors` while the others are judged.
 */
export async function readArmExportFile(
  path: string,
  at: Date,
): Promise<{ evidence: WorkspaceEvidence[]; errors: IacFileError[] }> {
  const file = displayPath(path);
  const parsed = parseConfigJson(file, await readIacText(path, "json"));
  if (!isArmExport(parsed.value))
    throw new IacFileError(
      file,
      1,
      "holds no Microsoft.Databricks/workspaces resource as ARM returns it",
      "Export one with `az databricks workspace show`, `az resource show --ids ID` or `az graph query`; an ARM template (az group export) is read by `lakeward iac`.",
    );
  const scan = scanArmExport(parsed, at);
  if (!scan.evidence.length) throw scan.errors[0] ?? new IacFileError(file, 1, "holds no workspace lakeward reads");
  return { evidence: scan.evidence, errors: scan.errors };
}
