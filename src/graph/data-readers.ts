/**
 * Who can read a Unity Catalog table or volume, and through which chains. Reading one takes three privileges at
 * once, and the graph says so rather than taking any grant for reach (Databricks docs, "Unity Catalog privileges
 * and securable objects": to read a table a principal needs SELECT on it, USE SCHEMA on its schema and USE
 * CATALOG on its catalog; privileges granted on a catalog or schema are inherited by everything in it):
 *   - SELECT (READ VOLUME for a volume) on the object, its schema or its catalog — or ownership of the object;
 *   - USE SCHEMA on the schema or the catalog — or ownership of the schema;
 *   - USE CATALOG on the catalog — or ownership of the catalog.
 * ALL PRIVILEGES holds each of them. An owner has all privileges on what it owns and only on that ("owners of a
 * schema do not automatically have all privileges on the tables in the schema, but they can grant themselves
 * privileges", Databricks docs "Manage Unity Catalog object ownership"), so owners of a container, and holders of
 * MANAGE, are listed apart: they can grant themselves what they lack.
 *
 * Each privilege is one reverse breadth-first search (queries.ts reverseSearch) from the securables that can give
 * it, whose first step must be a grant of that privilege (or the ownership that gives it), the later steps edges
 * that hand over a principal's whole power (membership, run-as, can-assume). A reader is a principal reached by
 * every search; each of its chains is named step by step. A principal reached by some only is listed with what it
 * lacks. Three searches: O(3 · (nodes + edges)).
 */
import type { WorkspaceGraph } from "./build.ts";
import type { NodeView } from "./model.ts";
import {
  DEFAULT_MAX_STEPS,
  DEFAULT_PATH_LIMIT,
  dependencies,
  edgesFrom,
  grantRouteKind,
  type Path,
  type PathKind,
  type PathStep,
  type QueryOptions,
  RUNS_AS_ANOTHER,
  reportable,
  reverseSearch,
  type Search,
  stepsOf,
} from "./queries.ts";

export type DataObjectKind = "table" | "volume" | "schema";

export interface Requirement {
  /** SELECT, READ_VOLUME, USE_SCHEMA, USE_CATALOG */
  privilege: string;
  /** The securables a grant of it may be on (the object and the containers it inherits from). */
  on: NodeView[];
}

export interface HeldPrivilege {
  privilege: string;
  /** From the principal to the grant (or ownership) that gives the privilege: memberships, run-as, then the grant. */
  steps: PathStep[];
}

export interface DataReader {
  principal: NodeView;
  kind: PathKind;
  /** One chain per requirement, in the order of `requires`. */
  holds: HeldPrivilege[];
}

export interface DataReaders {
  target: NodeView;
  /** What reading it takes; every reader holds all of them. */
  requires: Requirement[];
  readers: DataReader[];
  /** Principals that can read it (all are counted; at most `limit` spelt out). */
  total: number;
  byKind: Record<PathKind, number>;
  /** Principals holding some of the privileges but not all: they cannot read it (at most `limit`). */
  incomplete: { principal: NodeView; holds: HeldPrivilege[]; lacks: string[] }[];
  /** Owners of the object or a container of it, and holders of MANAGE, that cannot read it yet: they may grant themselves. */
  canGrant: Path[];
  note: string;
  /** Parts not read that the answer rests on: grants of the object or its containers, memberships, ACLs. */
  gaps: { label: string; reason: string }[];
}

const normal = (privilege: string) => privilege.trim().toUpperCase().replace(/\s+/g, "_");
const privilegesOf = (detail: string) => new Set(detail.split(",").map(normal));

/** The schema and catalog above an object, found through the `contains` edges (never parsed from its name). */
function containers(wg: WorkspaceGraph, node: number): number[] {
  const g = wg.graph;
  const out: number[] = [];
  let current = node;
  for (let depth = 0; depth < 2; depth++) {
    let parent = -1;
    g.forEachIn(current, (edge) => {
      if (g.edgeKind(edge) === "contains") parent = g.edgeFrom(edge);
    });
    if (parent < 0) break;
    out.push(parent);
    current = parent;
  }
  return out;
}

/**
 * Who can read `kind` `fullName` (catalog.schema.table, catalog.schema.volume); for a schema, who can read every
 * table in it (SELECT on the schema or its catalog, USE SCHEMA, USE CATALOG). Undefined: not in the graph.
 */
export function dataReaders(
  wg: WorkspaceGraph,
  kind: DataObjectKind,
  fullName: string,
  options: QueryOptions = {},
): DataReaders | undefined {
  const g = wg.graph;
  const target = g.find(kind, fullName);
  if (target === undefined) return undefined;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const limit = options.limit ?? DEFAULT_PATH_LIMIT;
  const [schema, catalog] = kind === "schema" ? [target, containers(wg, target)[0]] : containers(wg, target);
  const chain = [target, schema, catalog].filter((n): n is number => n !== undefined);
  const uniq = [...new Set(chain)];

  // Each requirement: the privilege, where a grant of it counts, and whose ownership gives it.
  const reqs: { privilege: string; on: number[]; owner: number | undefined }[] = [];
  if (kind !== "schema")
    reqs.push({ privilege: kind === "volume" ? "READ_VOLUME" : "SELECT", on: uniq, owner: target });
  else reqs.push({ privilege: "SELECT", on: uniq, owner: undefined });
  if (schema !== undefined)
    reqs.push({ privilege: "USE_SCHEMA", on: [schema, ...(catalog === undefined ? [] : [catalog])], owner: schema });
  if (catalog !== undefined) reqs.push({ privilege: "USE_CATALOG", on: [catalog], owner: catalog });

  const searches: Search[] = reqs.map((req) => {
    const on = new Set(req.on);
    return reverseSearch(g, req.on, maxSteps, (edge, depth) => {
      if (depth > 0) return g.isControl(edge);
      const to = g.edgeTo(edge);
      if (!on.has(to)) return false;
      const edgeKind = g.edgeKind(edge);
      if (edgeKind === "owns") return to === req.owner;
      if (edgeKind !== "granted") return false;
      const held = privilegesOf(g.detailOf(edge));
      return held.has(req.privilege) || held.has("ALL_PRIVILEGES");
    });
  });

  // Per search, whether a node's chain runs through another identity (run-as, a credential, can-assume): BFS order
  // is distance order, so a node's next hop is settled before it — one pass, no chain walked per principal.
  const throughRunAs = searches.map((search) => {
    const flag = new Uint8Array(g.nodeCount);
    for (let i = 0; i < search.reached; i++) {
      const n = search.order[i]!;
      const edge = search.via[n]!;
      if (edge >= 0) flag[n] = flag[g.edgeTo(edge)]! | (RUNS_AS_ANOTHER.has(g.edgeKind(edge)) ? 1 : 0);
    }
    return flag;
  });
  const byKind: Record<PathKind, number> = { direct: 0, "nested-group": 0, "azure-role": 0, "run-as": 0 };
  const readers: DataReader[] = [];
  const incomplete: DataReaders["incomplete"] = [];
  const isReader = new Uint8Array(g.nodeCount);
  let total = 0;
  const scratch: number[] = [];
  const holdOf = (n: number, i: number): HeldPrivilege => ({
    privilege: reqs[i]!.privilege,
    steps: stepsOf(g, edgesFrom(searches[i]!, g, n, scratch)),
  });
  for (let n = 0; n < g.nodeCount; n++) {
    // Counted before anything is allocated: most nodes are reached by no search, or by all.
    let count = 0;
    for (const search of searches) if (search.dist[n]! > 0) count++;
    if (count === 0 || !reportable(wg, n)) continue;
    if (count < searches.length && incomplete.length >= limit) continue;
    if (count === searches.length) {
      const pathKind: PathKind = throughRunAs.some((flag) => flag[n])
        ? "run-as"
        : searches.every((search) => search.dist[n] === 1)
          ? "direct"
          : "nested-group";
      byKind[pathKind]++;
      total++;
      isReader[n] = 1;
      if (readers.length < limit)
        readers.push({ principal: g.nodeView(n), kind: pathKind, holds: reqs.map((_, i) => holdOf(n, i)) });
    } else {
      const reached = searches.map((search) => search.dist[n]! > 0);
      incomplete.push({
        principal: g.nodeView(n),
        holds: reached.flatMap((r, i) => (r ? [holdOf(n, i)] : [])),
        lacks: reached.flatMap((r, i) => (r ? [] : [reqs[i]!.privilege])),
      });
    }
  }
  const longest = (r: DataReader) => Math.max(...r.holds.map((h) => h.steps.length));
  readers.sort((a, b) => longest(a) - longest(b) || a.principal.key.localeCompare(b.principal.key));
  incomplete.sort((a, b) => a.principal.key.localeCompare(b.principal.key));

  // Owners of the object or its containers, and MANAGE holders: they can grant themselves what they lack.
  const granters = reverseSearch(g, uniq, maxSteps, (edge, depth) => {
    if (depth > 0) return g.isControl(edge);
    const edgeKind = g.edgeKind(edge);
    return edgeKind === "owns" || (edgeKind === "granted" && privilegesOf(g.detailOf(edge)).has("MANAGE"));
  });
  const canGrant: Path[] = [];
  for (let i = 0; i < granters.reached && canGrant.length < limit; i++) {
    const n = granters.order[i]!;
    if (granters.dist[n] === 0 || isReader[n] || !reportable(wg, n)) continue;
    const edges = edgesFrom(granters, g, n, scratch);
    canGrant.push({
      principal: g.nodeView(n),
      kind: grantRouteKind(g, edges),
      steps: stepsOf(g, edges),
    });
  }

  // Only the gaps of this object and its containers count, besides memberships, ACLs and the catalog list.
  const keys = new Set(uniq.map((n) => g.nodeView(n).key));
  const deps = dependencies(wg, "dataReaders");
  const gaps = [
    ...deps.inputs.flatMap((i) => (i.fact.status === "unknown" ? [{ label: i.label, reason: i.fact.reason }] : [])),
    ...deps.gaps
      .filter(
        (gap) =>
          (gap.topic !== "unity-catalog" && gap.topic !== "uc-objects") || (gap.securable && keys.has(gap.securable)),
      )
      .map(({ label, reason }) => ({ label, reason })),
  ];
  return {
    target: g.nodeView(target),
    requires: reqs.map((r) => ({ privilege: r.privilege, on: r.on.map((n) => g.nodeView(n)) })),
    readers,
    total,
    byKind,
    incomplete,
    canGrant,
    note: "metastore admins (paths --to metastore-admin) can grant themselves any privilege; row filters and column masks are not taken into account",
    gaps,
  };
}

export interface ReadableByAll {
  group: "users" | "account users";
  object: NodeView;
  /** One chain per privilege reading takes: the group (or a group it is in) → the grant → down to the object. */
  chains: HeldPrivilege[];
}

/**
 * Tables and volumes that `users` or `account users` can read: each of the three privileges held by the group
 * itself or a group it is a member of (an edge that hands over the group's power, e.g. `users` nested in a
 * group); for `users`, by `account users` too (every workspace user is an account user). Not a search per object: the groups' holdings are found once (a forward pass over control edges), then
 * each object's grants and its containers' are looked up. A grant to everyone of SELECT on a schema whose
 * catalog they cannot USE is not reach; ownership by them counts as for any owner.
 */
export function readableByAll(wg: WorkspaceGraph): ReadableByAll[] {
  const g = wg.graph;
  const out: ReadableByAll[] = [];
  const found = new Set<number>();
  // Every workspace user is an account user: for `users`, what account users hold counts too (an object
  // readable by account users already is reported for them, not again for users).
  for (const [group, seeds] of [
    ["account users", [wg.groups.accountUsers]],
    ["users", [wg.groups.users, wg.groups.accountUsers]],
  ] as const) {
    // The groups and what they are (transitively) members of, with the edge that reached each.
    const via = new Map<number, number>(seeds.map((seed) => [seed, -1]));
    const queue: number[] = [...seeds];
    for (let head = 0; head < queue.length; head++)
      g.forEachOut(queue[head]!, (edge) => {
        const to = g.edgeTo(edge);
        if (g.isControl(edge) && !via.has(to)) {
          via.set(to, edge);
          queue.push(to);
        }
      });
    const chainTo = (holder: number): number[] => {
      const edges: number[] = [];
      for (let n = holder; via.get(n)! >= 0; n = g.edgeFrom(via.get(n)!)) edges.unshift(via.get(n)!);
      return edges;
    };
    // The edge by which a holder gets `privilege` on `securable` (a grant of it or ALL_PRIVILEGES, or ownership).
    const holding = (securable: number, privilege: string, ownerCounts: boolean): number[] | undefined => {
      let found: number[] | undefined;
      g.forEachIn(securable, (edge) => {
        if (found || !via.has(g.edgeFrom(edge))) return;
        const kind = g.edgeKind(edge);
        const held = kind === "granted" ? privilegesOf(g.detailOf(edge)) : undefined;
        if ((kind === "owns" && ownerCounts) || held?.has(privilege) || held?.has("ALL_PRIVILEGES"))
          found = [...chainTo(g.edgeFrom(edge)), edge];
      });
      return found;
    };
    // Looked up from the child (one parent) rather than the parent (every table of a schema): from the parent
    // this was one scan of all a schema's objects per object found, quadratic in the size of a schema.
    const containsEdge = (parent: number, child: number): number | undefined => {
      let found: number | undefined;
      g.forEachIn(child, (edge) => {
        if (g.edgeKind(edge) === "contains" && g.edgeFrom(edge) === parent) found = edge;
      });
      return found;
    };
    // The grant's chain, then the `contains` steps down from the securable granted to the object.
    const down = (edges: number[], from: number, path: readonly number[]): number[] => {
      const at = path.indexOf(from);
      const steps = [...edges];
      for (let i = at; i > 0; i--) {
        const edge = containsEdge(path[i]!, path[i - 1]!);
        if (edge !== undefined) steps.push(edge);
      }
      return steps;
    };
    for (const kind of ["table", "volume"] as const)
      for (const object of g.nodesOfKind(kind)) {
        const [schema, catalog] = containers(wg, object);
        if (schema === undefined || catalog === undefined) continue;
        const path = [object, schema, catalog];
        const read = kind === "volume" ? "READ_VOLUME" : "SELECT";
        const first = (privilege: string, on: readonly number[], owned: number) => {
          for (const securable of on) {
            const edges = holding(securable, privilege, securable === owned);
            if (edges) return down(edges, securable, path);
          }
          return undefined;
        };
        const chains = [
          [read, first(read, path, object)],
          ["USE_SCHEMA", first("USE_SCHEMA", [schema, catalog], schema)],
          ["USE_CATALOG", first("USE_CATALOG", [catalog], catalog)],
        ] as const;
        if (!found.has(object) && chains.every(([, edges]) => edges)) {
          found.add(object);
          out.push({
            group,
            object: g.nodeView(object),
            chains: chains.map(([privilege, edges]) => ({ privilege, steps: stepsOf(g, edges!) })),
          });
        }
      }
  }
  return out;
}
