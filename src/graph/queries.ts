/**
 * Questions asked of the permission graph. Each is one reverse breadth-first search from the target (an
 * admin role, a securable, every service principal) over the in-edges, so it costs O(nodes + edges) however
 * many principals reach the target, and yields a shortest path for each of them (BFS order: the first edge
 * that reaches a node is on a shortest path). Searches stop at `maxSteps`: a path longer than that is not
 * reported, and the result says where the bound was.
 */
import { ACCOUNT_ADMIN_ASSIGNMENT, type GraphTopic, type WorkspaceGraph } from "./build.ts";
import { type EdgeKind, type NodeKind, type NodeView, PermissionGraph, PRINCIPAL_KINDS } from "./model.ts";

export const DEFAULT_MAX_STEPS = 10;

export interface PathStep {
  from: NodeView;
  to: NodeView;
  kind: EdgeKind;
  detail: string;
}

export type PathKind =
  /** a direct member of admins or assigned ADMIN by the account (or the metastore's owner, or a member of its owner group) */
  | "direct"
  /** through groups nested in the admin group */
  | "nested-group"
  /** an Azure role on the workspace resource (or above) */
  | "azure-role"
  /** by running code as another identity: a job's run-as, an app's principal, a cluster's credential */
  | "run-as";

export interface Path {
  principal: NodeView;
  kind: PathKind;
  steps: PathStep[];
  /**
   * The principal's other distinct routes to the same target (simple paths, shortest first, at most
   * `perPrincipal - 1` of them, none longer than maxSteps) — e.g. both through a nested group and through a
   * job's run-as. Absent: it has no other route.
   */
  otherRoutes?: { kind: PathKind; steps: PathStep[] }[];
  /** Set when a bound (perPrincipal, the query's route budget, the search budget) cut further routes off. */
  routesCutOff?: string;
}

/** A reverse BFS's result (exported for data-readers.ts). */
export interface Search {
  dist: Int32Array;
  via: Int32Array;
  /** The nodes reached, in BFS order (so by distance); `reached` of them are set. */
  order: Int32Array;
  reached: number;
  maxSteps: number;
  accept: (edge: number, depth: number) => boolean;
}

/**
 * Reverse BFS from `seeds`: `accept(edge, depth)` says whether an in-edge of a node at `depth` may be walked
 * back. dist[n] = steps from n to the nearest seed (-1: not reached), via[n] = the first edge of that path.
 */
export function reverseSearch(
  g: PermissionGraph,
  seeds: readonly number[],
  maxSteps: number,
  accept: (edge: number, depth: number) => boolean,
): Search {
  const dist = new Int32Array(g.nodeCount).fill(-1);
  const via = new Int32Array(g.nodeCount).fill(-1);
  const queue = new Int32Array(g.nodeCount);
  let head = 0;
  let tail = 0;
  for (const seed of seeds) {
    if (dist[seed] !== -1) continue;
    dist[seed] = 0;
    queue[tail++] = seed;
  }
  const { offsets, order } = g.inEdges();
  while (head < tail) {
    const node = queue[head++]!;
    const depth = dist[node]!;
    if (depth >= maxSteps) continue;
    for (let i = offsets[node]!; i < offsets[node + 1]!; i++) {
      const edge = order[i]!;
      const from = g.edgeFrom(edge);
      if (dist[from] !== -1 || !accept(edge, depth)) continue;
      dist[from] = depth + 1;
      via[from] = edge;
      queue[tail++] = from;
    }
  }
  return { dist, via, order: queue, reached: tail, maxSteps, accept };
}

/** The edges of the shortest path from `start` to the search's seed, written into `into` (reused: no allocation). */
export function edgesFrom(search: Search, g: PermissionGraph, start: number, into: number[]): number[] {
  into.length = 0;
  for (let node = start; search.dist[node]! > 0; node = g.edgeTo(search.via[node]!)) into.push(search.via[node]!);
  return into;
}

/** Edge visits one principal's route enumeration may spend before it gives up (and says so). */
const ROUTE_SEARCH_BUDGET = 20_000;

/**
 * Every simple route from `start` to a seed of `search`, shortest first, at most `max`: iterative deepening
 * over the lengths dist[start]..maxSteps, each a depth-first walk along out-edges pruned by the BFS distances
 * (an edge is taken only when its end can still reach a seed in the steps left), so the walk never strays
 * from the BFS DAG's reach. Hand-written: no graph library here enumerates k simple paths over our CSR arrays
 * with a visit budget. `cut` says which bound stopped it, if any.
 */
function routesFrom(
  g: PermissionGraph,
  search: Search,
  start: number,
  max: number,
): { routes: number[][]; cut?: "perPrincipal" | "budget" } {
  const routes: number[][] = [];
  const onPath = new Set<number>([start]);
  const edges: number[] = [];
  let budget = ROUTE_SEARCH_BUDGET;
  let cut: "perPrincipal" | "budget" | undefined;
  const walk = (node: number, length: number): void => {
    g.forEachOut(node, (edge) => {
      if (cut) return;
      if (--budget < 0) {
        cut = "budget";
        return;
      }
      const to = g.edgeTo(edge);
      const left = search.dist[to]!;
      if (left < 0 || onPath.has(to) || edges.length + 1 + left > length) return;
      if (!search.accept(edge, left)) return;
      edges.push(edge);
      if (left === 0) {
        if (edges.length === length) {
          if (routes.length >= max) cut = "perPrincipal";
          else routes.push([...edges]);
        }
      } else {
        onPath.add(to);
        walk(to, length);
        onPath.delete(to);
      }
      edges.pop();
    });
  };
  for (let length = search.dist[start]!; length <= search.maxSteps && !cut; length++) walk(start, length);
  return cut ? { routes, cut } : { routes };
}

export function stepsOf(g: PermissionGraph, edges: readonly number[]): PathStep[] {
  return edges.map((edge) => ({
    from: g.nodeView(g.edgeFrom(edge)),
    to: g.nodeView(g.edgeTo(edge)),
    kind: g.edgeKind(edge),
    detail: g.detailOf(edge),
  }));
}

const CODE_AS_ANOTHER: ReadonlySet<EdgeKind> = new Set(["runs-as", "carries-credential", "owns", "can-assume"]);

function classify(
  g: PermissionGraph,
  edges: readonly number[],
  direct: (edges: readonly number[]) => boolean,
): PathKind {
  if (edges.some((e) => CODE_AS_ANOTHER.has(g.edgeKind(e)))) return "run-as";
  if (edges.some((e) => g.edgeKind(e) === "is-admin" && g.detailOf(e).startsWith("Azure "))) return "azure-role";
  return direct(edges) ? "direct" : "nested-group";
}

/** An Entra principal that is also a Databricks user is reported once, as the user. */
export function reportable(wg: WorkspaceGraph, node: number): boolean {
  const g = wg.graph;
  if (!PRINCIPAL_KINDS.has(g.kindOf(node))) return false;
  if (node === wg.groups.admins) return false;
  if (g.kindOf(node) === "azurePrincipal") {
    let mirrored = false;
    g.forEachIn(node, (edge) => {
      if (g.edgeKind(edge) === "same-identity") mirrored = true;
    });
    return !mirrored;
  }
  return true;
}

export interface QueryOptions {
  /** Search depth: paths longer than this are not found (default 10). */
  maxSteps?: number;
  /**
   * At most this many paths are spelt out step by step (default 1000); `total` and `byKind` count them all.
   * Spelling every path of a 50,000-principal graph would cost far more memory than finding them.
   */
  limit?: number;
  /** Spell out only paths of these kinds (e.g. everything but "direct"). */
  kinds?: readonly PathKind[];
  /** At most this many distinct routes per principal spelt out (its shortest included; default 5; 1: shortest only). */
  perPrincipal?: number;
  /** At most this many routes spelt out over the whole query (default 1000). */
  routeLimit?: number;
}

export const DEFAULT_PATH_LIMIT = 1000;
export const DEFAULT_ROUTES_PER_PRINCIPAL = 5;
export const DEFAULT_ROUTE_LIMIT = 1000;

export interface PathList {
  /** Shortest first, then by principal; at most `limit`. */
  paths: Path[];
  /** How many principals reach the target (of the kinds asked for). */
  total: number;
  byKind: Record<PathKind, number>;
  /** How many of the spelt-out principals had routes cut off by a bound (each says which on `routesCutOff`). */
  routesCutOff?: number;
}

function pathsOf(
  wg: WorkspaceGraph,
  search: Search,
  /**
   * null (readers): a grant held directly is "direct", one reached through another identity or a credential
   * "run-as", through groups "nested-group" — without walking the path.
   */
  direct: ((edges: readonly number[]) => boolean) | null,
  options: QueryOptions,
  keep: (node: number, edges: readonly number[]) => boolean = () => true,
): PathList {
  const g = wg.graph;
  const limit = options.limit ?? DEFAULT_PATH_LIMIT;
  const kinds = options.kinds ? new Set(options.kinds) : undefined;
  const byKind: Record<PathKind, number> = { direct: 0, "nested-group": 0, "azure-role": 0, "run-as": 0 };
  const kept: { node: number; edges: number[]; kind: PathKind }[] = [];
  let total = 0;
  const scratch: number[] = [];
  // Readers (direct === null): whether a node's shortest path runs through another identity or a credential (a
  // job's run-as, an endpoint's secret), carried along the BFS tree — a node's parent comes before it in BFS
  // order — so no path is walked for it.
  const throughAnother = direct === null ? new Uint8Array(g.nodeCount) : undefined;
  // BFS order is distance order: the first `limit` kept are the shortest paths; only those are spelt out.
  for (let i = 0; i < search.reached; i++) {
    const n = search.order[i]!;
    if (search.dist[n] === 0) continue;
    if (throughAnother) {
      const edge = search.via[n]!;
      throughAnother[n] = throughAnother[g.edgeTo(edge)]! | (RUNS_AS_ANOTHER.has(g.edgeKind(edge)) ? 1 : 0);
    }
    if (!reportable(wg, n)) continue;
    if (direct === null) {
      const kind: PathKind = search.dist[n] === 1 ? "direct" : throughAnother![n] ? "run-as" : "nested-group";
      if (kinds && !kinds.has(kind)) continue;
      byKind[kind]++;
      total++;
      if (kept.length < limit) kept.push({ node: n, edges: [...edgesFrom(search, g, n, scratch)], kind });
      continue;
    }
    const edges = edgesFrom(search, g, n, scratch);
    if (!keep(n, edges)) continue;
    const kind = classify(g, edges, direct);
    if (kinds && !kinds.has(kind)) continue;
    byKind[kind]++;
    total++;
    if (kept.length < limit) kept.push({ node: n, edges: [...edges], kind });
  }
  const perPrincipal = Math.max(1, options.perPrincipal ?? DEFAULT_ROUTES_PER_PRINCIPAL);
  let routeBudget = Math.max(0, (options.routeLimit ?? DEFAULT_ROUTE_LIMIT) - kept.length);
  let routesCutOff = 0;
  const paths: Path[] = kept
    .map(({ node, edges, kind }) => {
      const path: Path = { principal: g.nodeView(node), kind, steps: stepsOf(g, edges) };
      const shortest = edges.join(",");
      const wanted = Math.min(perPrincipal, routeBudget + 1);
      // routesFrom marks a route past `wanted` as cut, so a bound never drops routes silently.
      const found = routesFrom(g, search, node, wanted);
      const others: NonNullable<Path["otherRoutes"]> = [];
      for (const route of found.routes) {
        if (route.join(",") === shortest || !keep(node, route)) continue;
        const routeKind = direct === null ? grantRouteKind(g, route) : classify(g, route, direct);
        if (kinds && !kinds.has(routeKind)) continue;
        if (others.length + 1 >= wanted) {
          found.cut ??= "perPrincipal";
          break;
        }
        others.push({ kind: routeKind, steps: stepsOf(g, route) });
      }
      routeBudget -= others.length;
      if (others.length) path.otherRoutes = others;
      if (found.cut) {
        routesCutOff++;
        path.routesCutOff =
          found.cut === "budget"
            ? `route search stopped after ${ROUTE_SEARCH_BUDGET.toLocaleString("en")} edge visits`
            : wanted < perPrincipal
              ? "the query's route limit was reached"
              : perPrincipal === 1
                ? "more than one route: only the shortest is spelt out"
                : `more than ${perPrincipal} routes: only the ${perPrincipal} shortest are spelt out`;
      }
      return path;
    })
    .sort((a, b) => a.steps.length - b.steps.length || a.principal.key.localeCompare(b.principal.key));
  return { paths, total, byKind, routesCutOff };
}

export type AdminTarget = "workspace" | "metastore" | "account";

export interface AdminPaths extends PathList {
  target: AdminTarget;
  /** Why this target could not be searched at all (the account admins were not read). */
  notCollected?: string;
  /** The parts of the evidence the answer rests on that were not read. */
  gaps: { label: string; reason: string }[];
}

const TOPICS_OF: Record<string, GraphTopic[]> = {
  admin: ["identity", "azure", "compute", "unity-catalog", "apps", "account"],
  accountAdmin: ["identity", "azure", "compute", "unity-catalog", "apps", "account", "account-admins"],
  readers: ["identity", "compute", "secrets", "unity-catalog", "apps", "warehouses", "serving", "account"],
  runAs: ["identity", "compute", "apps", "account"],
  shared: ["identity", "compute", "secrets", "unity-catalog", "uc-objects", "warehouses", "serving"],
  provenance: ["identity", "azure", "compute", "unity-catalog", "apps", "account", "account-admins"],
  groups: ["identity"],
  /** who can read a table or volume: the chains to each privilege it takes (data-readers.ts) */
  dataReaders: ["identity", "compute", "apps", "account", "unity-catalog", "uc-objects"],
};

export type GraphQuery = keyof typeof TOPICS_OF;

/** The facts and gaps a query's answer rests on (a check peeks these, so an unread one makes it unknown). */
export function dependencies(wg: WorkspaceGraph, query: GraphQuery) {
  const topics = new Set(TOPICS_OF[query]);
  return {
    inputs: wg.inputs.filter((input) => topics.has(input.topic)),
    gaps: wg.gaps.filter((gap) => topics.has(gap.topic)),
  };
}

const gapsOf = (wg: WorkspaceGraph, query: keyof typeof TOPICS_OF) =>
  dependencies(wg, query).gaps.map(({ label, reason }) => ({ label, reason }));

/** Every principal that reaches workspace, metastore or account admin, each with a shortest path. */
export function adminPaths(wg: WorkspaceGraph, target: AdminTarget, options: QueryOptions = {}): AdminPaths {
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const g = wg.graph;
  if (target === "account") {
    const admins = wg.inputs.find((input) => input.topic === "account-admins")?.fact;
    if (admins?.status === "unknown")
      return {
        target,
        paths: [],
        total: 0,
        byKind: { direct: 0, "nested-group": 0, "azure-role": 0, "run-as": 0 },
        notCollected: `the account admins were not read: ${admins.reason}`,
        gaps: gapsOf(wg, "accountAdmin"),
      };
  }
  const seed =
    target === "workspace"
      ? wg.roles.workspaceAdmin
      : target === "metastore"
        ? wg.roles.metastoreAdmin
        : wg.roles.accountAdmin;
  const search = reverseSearch(g, [seed], maxSteps, (edge) => g.isControl(edge));
  const direct =
    target === "workspace"
      ? (edges: readonly number[]) =>
          (edges.length === 2 && g.edgeKind(edges[0]!) === "member-of" && g.edgeTo(edges[0]!) === wg.groups.admins) ||
          (edges.length === 1 && g.detailOf(edges[0]!) === ACCOUNT_ADMIN_ASSIGNMENT)
      : (edges: readonly number[]) =>
          edges.length === 1 || (edges.length === 2 && g.edgeKind(edges[0]!) === "member-of");
  return {
    target,
    ...pathsOf(wg, search, direct, options),
    gaps: gapsOf(wg, target === "account" ? "accountAdmin" : "admin"),
  };
}

const MEMBERSHIP: ReadonlySet<EdgeKind> = new Set(["member-of", "is-admin", "same-identity"]);

/**
 * The nodes that are workspace admins by membership or role (admins, nested groups, Azure roles) — not those
 * that become admin only by running code as another identity — for "non-admin" filters.
 */
export function workspaceAdminSet(wg: WorkspaceGraph, maxSteps = DEFAULT_MAX_STEPS): Uint8Array {
  const g = wg.graph;
  const search = reverseSearch(g, [wg.roles.workspaceAdmin], maxSteps, (edge) => MEMBERSHIP.has(g.edgeKind(edge)));
  const admin = new Uint8Array(g.nodeCount);
  for (let n = 0; n < g.nodeCount; n++) if (search.dist[n]! >= 0) admin[n] = 1;
  return admin;
}

export interface Readers extends PathList {
  target: NodeView;
  note?: string;
  gaps: { label: string; reason: string }[];
}

/**
 * Who holds a grant (or ownership) on a securable, and through which chain: each path ends with the grant,
 * the memberships or run-as before it.
 */
export function readersOf(
  wg: WorkspaceGraph,
  kind: NodeKind,
  name: string,
  options: QueryOptions = {},
): Readers | undefined {
  const g = wg.graph;
  const node = g.find(kind, name);
  if (node === undefined) return undefined;
  // Depth 0: any grant or ownership on the securable; beyond: only edges that hand over a principal's power.
  const search = reverseSearch(g, [node], options.maxSteps ?? DEFAULT_MAX_STEPS, (edge, depth) =>
    depth === 0 ? true : g.isControl(edge),
  );
  return {
    target: g.nodeView(node),
    ...pathsOf(wg, search, null, options),
    ...(kind === "secretScope" ? { note: "workspace admins can also manage every secret scope" } : {}),
    gaps: gapsOf(wg, "readers"),
  };
}

/** Edges by which one runs code as another identity (a member of a group is not "running as" the group). */
export const RUNS_AS_ANOTHER: ReadonlySet<EdgeKind> = new Set(["runs-as", "carries-credential", "can-assume"]);

/**
 * The kind of a route to a grant (readers, data-readers.ts): the grant itself "direct", through another identity or
 * a credential "run-as", through groups "nested-group".
 */
export function grantRouteKind(g: PermissionGraph, edges: readonly number[]): PathKind {
  if (edges.length === 1) return "direct";
  return edges.some((e) => RUNS_AS_ANOTHER.has(g.edgeKind(e))) ? "run-as" : "nested-group";
}

/**
 * Users and groups that are not workspace admins (by membership or Azure role) and can run code as a service
 * principal that holds something — through a job's run-as, an app, or a role on its account rule set — or with
 * a credential a cluster's configuration carries.
 */
export function runAsPaths(
  wg: WorkspaceGraph,
  options: QueryOptions = {},
): PathList & {
  gaps: { label: string; reason: string }[];
} {
  const g = wg.graph;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  // A service principal matters when it holds something: a group besides users/account users, a grant, an
  // ownership. Running code as an app's principal that holds nothing gives nothing.
  const holdsSomething = (sp: number) => {
    let holds = false;
    g.forEachOut(sp, (edge) => {
      const to = g.edgeTo(edge);
      if (to !== wg.groups.users && to !== wg.groups.accountUsers) holds = true;
    });
    return holds;
  };
  const seeds = [...g.nodesOfKind("servicePrincipal").filter(holdsSomething), ...g.nodesOfKind("credential")];
  const search = reverseSearch(g, seeds, maxSteps, (edge) => g.isControl(edge));
  const admin = workspaceAdminSet(wg, maxSteps);
  const list = pathsOf(
    wg,
    search,
    () => false,
    options,
    (node, edges) => {
      const kind = g.kindOf(node);
      // A member of a group is not "running as" the group: only chains through a job, app or cluster count.
      return (
        !admin[node] && (kind === "user" || kind === "group") && edges.some((e) => RUNS_AS_ANOTHER.has(g.edgeKind(e)))
      );
    },
  );
  return { ...list, gaps: gapsOf(wg, "runAs") };
}

export interface SharedObject {
  group: "users" | "account users";
  object: NodeView;
  detail: string;
}

/** Objects granted to `users` or `account users` (everyone in the workspace, or in the whole account). */
export function sharedWithAllUsers(wg: WorkspaceGraph): SharedObject[] {
  const g = wg.graph;
  const out: SharedObject[] = [];
  for (const [group, node] of [
    ["users", wg.groups.users],
    ["account users", wg.groups.accountUsers],
  ] as const)
    g.forEachOut(node, (edge) => {
      const kind = g.edgeKind(edge);
      if (kind === "granted" || kind === "owns")
        out.push({ group, object: g.nodeView(g.edgeTo(edge)), detail: g.detailOf(edge) });
    });
  return out;
}

export interface LocalPrivileged {
  path: Path;
  role: AdminTarget;
  /** local: created in Databricks; unlisted: not in the workspace's SCIM lists (an account-level principal). */
  provenance: "local" | "unlisted";
}

const BUILTIN = new Set(["group:admins", "group:users", "group:account users"]);

/** Users and groups that reach workspace, metastore or account admin but were not provisioned from Entra ID. */
export function privilegedNotFromEntra(wg: WorkspaceGraph, options: QueryOptions = {}): LocalPrivileged[] {
  const g = wg.graph;
  const out: LocalPrivileged[] = [];
  const localOrUnlisted = (node: number) => {
    const kind = g.kindOf(node);
    if ((kind !== "user" && kind !== "group") || BUILTIN.has(g.nodeView(node).key)) return false;
    return (wg.provenance.get(node) ?? wg.accountProvenance.get(node)) !== "entra";
  };
  for (const role of ["workspace", "metastore", "account"] as const) {
    const seed =
      role === "workspace"
        ? wg.roles.workspaceAdmin
        : role === "metastore"
          ? wg.roles.metastoreAdmin
          : wg.roles.accountAdmin;
    const search = reverseSearch(g, [seed], options.maxSteps ?? DEFAULT_MAX_STEPS, (edge) => g.isControl(edge));
    for (const path of pathsOf(wg, search, () => true, options, localOrUnlisted).paths) {
      const provenance = wg.provenance.get(path.principal.id) ?? wg.accountProvenance.get(path.principal.id);
      out.push({ path, role, provenance: provenance === "local" ? "local" : "unlisted" });
    }
  }
  return out;
}

export interface InactiveGroups {
  /** Groups with no active user or service principal among their members, nested groups included. */
  empty: { group: NodeView; grants: number }[];
  /** Groups whose members were not listed, or hold a member no SCIM list holds: whether they are empty is not known. */
  notKnown: NodeView[];
}

export function groupsWithoutActiveMember(wg: WorkspaceGraph): InactiveGroups {
  const g = wg.graph;
  const memberOf = (edge: number) => g.edgeKind(edge) === "member-of";
  // Two forward passes over member-of edges (member → group) instead of one search per group: the groups an
  // active principal is in (nested included), and the groups that contain a group whose members are not known.
  const withActive = forwardReach(g, [...wg.active], memberOf);
  const listedGroups = [...wg.provenance.keys()].filter((node) => g.kindOf(node) === "group");
  // Unknown: a group whose members were not listed, and a member that is in no SCIM list (a partial list, an
  // account-level principal): whether it is active is not known.
  const unlistedMembers: number[] = [];
  for (let n = 0; n < g.nodeCount; n++) {
    const kind = g.kindOf(n);
    if ((kind === "user" || kind === "servicePrincipal") && !wg.listed.has(n)) unlistedMembers.push(n);
  }
  const withUnknown = forwardReach(
    g,
    [...listedGroups.filter((node) => !wg.membersKnown.has(node)), ...unlistedMembers],
    memberOf,
  );
  const empty: InactiveGroups["empty"] = [];
  const notKnown: NodeView[] = [];
  for (const node of listedGroups) {
    if (node === wg.groups.users || node === wg.groups.accountUsers || withActive[node]) continue;
    if (withUnknown[node]) {
      notKnown.push(g.nodeView(node));
      continue;
    }
    let grants = 0;
    g.forEachOut(node, (edge) => {
      if (!memberOf(edge)) grants++;
    });
    empty.push({ group: g.nodeView(node), grants });
  }
  return { empty, notKnown };
}

/** Nodes reachable from `seeds` along out-edges that `accept` takes (seeds included). */
function forwardReach(g: PermissionGraph, seeds: readonly number[], accept: (edge: number) => boolean): Uint8Array {
  const seen = new Uint8Array(g.nodeCount);
  const queue = new Int32Array(g.nodeCount);
  let tail = 0;
  for (const seed of seeds)
    if (!seen[seed]) {
      seen[seed] = 1;
      queue[tail++] = seed;
    }
  for (let head = 0; head < tail; head++)
    g.forEachOut(queue[head]!, (edge) => {
      const to = g.edgeTo(edge);
      if (!seen[to] && accept(edge)) {
        seen[to] = 1;
        queue[tail++] = to;
      }
    });
  return seen;
}

/** "dana@contoso.example → member of platform-team → platform-team → …" for messages and the CLI. */
export function describePath(path: Path): string {
  const parts = [path.principal.label];
  for (const step of path.steps) parts.push(`—[${step.kind}: ${step.detail}]→ ${step.to.label}`);
  return parts.join(" ");
}

export { PermissionGraph };
