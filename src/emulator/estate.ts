/**
 * Many emulated workspaces (`--workspaces N`), generated from the personas so that an estate scan can be
 * measured: workspace i is persona i mod P, renamed `adb-<persona>-<i>` everywhere its name appears (its ARM
 * id, managed resource group, storage, diagnostic settings, role assignments, locks) and with its own VNet,
 * so that no two workspaces share the URLs a scan reads; shared things stay shared as in a real tenant (the
 * central Key Vault, the data lake, the subscription's alerts and quotas).
 *
 * Content varies with i: extra users (SCIM paging), clusters, and jobs with their own permissions (the
 * per-object fan-out), so that the requests per workspace vary as they do in a real estate. Every added
 * item is a copy of one of the persona's own, in the same SDK model, with new ids.
 */
import { buildPersona, PERSONA_NAMES, type PersonaName, type PersonaWorkspace } from "./personas.ts";

/** Largest estate the emulator generates (each workspace is a listener on its own port). */
export const MAX_GENERATED_WORKSPACES = 1000;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The persona with `adb-<persona>` renamed to `name` and its VNet names made its own, in every string. */
function renamed(ws: PersonaWorkspace, name: string, suffix: string): PersonaWorkspace {
  const own = new RegExp(`${escapeRegExp(ws.name)}(?![\\w-])`, "g");
  const text = JSON.stringify(ws)
    .replace(own, name)
    .replace(/(vnet-[a-z]+)(?![\w-])/g, `$1-${suffix}`);
  return JSON.parse(text) as PersonaWorkspace;
}

/** Adds `extra` copies of a list's first item, each given new identifiers by `mark`. */
function grow<T>(items: T[], extra: number, mark: (copy: T, k: number) => void): void {
  const first = items[0];
  if (!first) return;
  for (let k = 0; k < extra; k++) {
    const copy = structuredClone(first);
    mark(copy, k);
    items.push(copy);
  }
}

function vary(ws: PersonaWorkspace, i: number): void {
  grow(ws.users, (i * 7) % 150, (user, k) => {
    user.id = `gen-u-${i}-${k}`;
    user.userName = `user${k}.w${i}@contoso.example`;
    delete user.externalId;
  });
  grow(ws.clusters, i % 4, (cluster, k) => {
    cluster.cluster_id = `gen-${i}-${k}`;
    cluster.cluster_name = `etl-${k}`;
  });
  const firstJob = ws.jobs[0];
  const firstAcl = firstJob ? ws.permissions[`jobs/${firstJob.job_id}`] : undefined;
  grow(ws.jobs, i % 5, (job, k) => {
    job.job_id = 900_000 + k;
    if (job.settings) job.settings.name = `nightly-${k}`;
    if (firstAcl) ws.permissions[`jobs/${job.job_id}`] = structuredClone(firstAcl);
  });
}

/**
 * `count` workspaces cycling through `personas` (default all), named `adb-<persona>-<nnn>` (1-based).
 */
export function generateWorkspaces(
  count: number,
  personas: readonly PersonaName[] = PERSONA_NAMES,
  now = Date.now(),
  hardenedLocation = "northeurope",
): PersonaWorkspace[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATED_WORKSPACES)
    throw new RangeError(`workspaces: give 1 to ${MAX_GENERATED_WORKSPACES}, not ${count}`);
  if (personas.length === 0) throw new RangeError("workspaces: no persona to generate from");
  const width = String(count).length;
  const out: PersonaWorkspace[] = [];
  for (let i = 0; i < count; i++) {
    const persona = personas[i % personas.length]!;
    const suffix = String(i + 1).padStart(width, "0");
    const base = buildPersona(persona, now, hardenedLocation);
    const ws = renamed(base, `${base.name}-${suffix}`, suffix);
    vary(ws, i);
    // Its own Databricks workspace id (the account API's per-workspace reads are keyed by it).
    (ws.arm.properties as { workspaceId?: string }).workspaceId = String(2_000_000_000_000_000 + i + 1);
    ws.generated = true;
    out.push(ws);
  }
  return out;
}
