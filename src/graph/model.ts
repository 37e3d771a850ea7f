/**
 * The permission graph's storage: nodes are integers, edges are parallel typed arrays, and the adjacency of
 * each node (out and in) is a compressed sparse row (CSR) index, so 50,000 principals and 500,000 edges take
 * a few megabytes and a breadth-first search touches only flat arrays. Hand-written rather than a graph
 * library (graphology, ngraph): those keep an object per node and per edge (hundreds of bytes each) and
 * their traversals allocate per step, where the queries here are a handful of reverse BFS passes over flat
 * arrays (see bench/graph for the figures).
 *
 * An edge u → v reads "u gets something of v": a member gets its group's rights, a grantee its permission on
 * an object, a job's controller the job's run-as identity. `control` edges hand over the target's whole
 * power (membership, run-as, can-assume, Azure roles that make a workspace admin); the others give access only.
 */

export const NODE_KINDS = [
  "user",
  "group",
  "servicePrincipal",
  "azurePrincipal",
  "role",
  "workspace",
  "cluster",
  "job",
  "warehouse",
  "secretScope",
  "catalog",
  "schema",
  "table",
  "volume",
  "externalLocation",
  "storageCredential",
  "clusterPolicy",
  "servingEndpoint",
  "app",
  "tokens",
  "credential",
] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

export const PRINCIPAL_KINDS: ReadonlySet<NodeKind> = new Set(["user", "group", "servicePrincipal", "azurePrincipal"]);

export const EDGE_KINDS = [
  /** a member gets its group's rights */
  "member-of",
  /** a permission, privilege or ACL entry on an object (the permission is the edge's detail) */
  "granted",
  /** the object's owner */
  "owns",
  /** a job runs as this identity: whoever controls the job runs code as it */
  "runs-as",
  /**
   * a cluster carries a credential (Spark conf or environment): whoever attaches to it can use it; a serving
   * endpoint serves with a secret ({{secrets/scope/key}}): whoever may query or manage it uses the secret
   */
  "carries-credential",
  /** the same person or application seen by two systems (an Entra object id and a Databricks user) */
  "same-identity",
  /** membership of `admins`, an Azure role on the workspace, ownership of the metastore: an admin role */
  "is-admin",
  /**
   * a role on an account rule set: roles/servicePrincipal.user or .manager (the holder may run jobs as the
   * service principal, so it holds its power), roles/group.manager (may add itself to the group) or
   * roles/group.assumer (may act as the group): either way the holder gets the target's power
   */
  "can-assume",
  /**
   * a Unity Catalog container holds the object (catalog → schema → table or volume): privileges granted on the
   * container are inherited by what it holds. Never control, and reaching a table takes more than a privilege on
   * it (USE CATALOG and USE SCHEMA above it): queries.ts dataReaders requires every step.
   */
  "contains",
] as const;
export type EdgeKind = (typeof EDGE_KINDS)[number];
// The (detail, kind) tag of GraphBuilder.edge packs the kind in 4 bits.
if (EDGE_KINDS.length > 16) throw new Error("graph: more than 16 edge kinds do not fit the edge tag");

export interface NodeView {
  id: number;
  kind: NodeKind;
  /** Stable key, `kind:name` (lower-cased name). */
  key: string;
  /** What people call it: a user name, a group's display name, a job's name and id. */
  label: string;
}

export interface EdgeView {
  id: number;
  from: number;
  to: number;
  kind: EdgeKind;
  control: boolean;
  /** The permission (CAN_MANAGE), privilege list, role and scope or reason, as evidence names it. */
  detail: string;
}

/** A growable Int32 column (amortised doubling), so building never keeps an object per edge. */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Builds a graph; `freeze()` turns it into the read-only, indexed PermissionGraph. */
export class GraphBuilder {
  private readonly keys: string[] = [];
  private readonly labels: string[] = [];
  private readonly kinds: number[] = [];
  private readonly index = new Map<string, number>();
  private readonly from = new IntColumn();
  private readonly to = new IntColumn();
  /** kind index * 2 + control bit */
  private readonly flags = new IntColumn();
  private readonly details = new IntColumn();
  private readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  /** (from, to) → the kind/detail pairs already added between them, to keep an edge once. */
  private readonly edgeSeen = new Map<number, number | number[]>();

  /** The node for `kind:name`, created on first use; a later label does not replace the first. */
  node(kind: NodeKind, name: string, label: string = name): number {
    const key = `${kind}:${name.trim().toLowerCase()}`;
    const found = this.index.get(key);
    if (found !== undefined) return found;
    const id = this.keys.length;
    this.keys.push(key);
    this.labels.push(label);
    this.kinds.push(NODE_KINDS.indexOf(kind));
    this.index.set(key, id);
    return id;
  }

  kindOf(node: number): NodeKind {
    return NODE_KINDS[this.kinds[node]!]!;
  }

  /** The key (`kind:name`) of a node made by `node`. */
  keyOf(node: number): string {
    return this.keys[node]!;
  }

  has(kind: NodeKind, name: string): number | undefined {
    return this.index.get(`${kind}:${name.trim().toLowerCase()}`);
  }

  /** Adds an edge; the same (from, to, kind, detail) twice is kept once. */
  edge(from: number, to: number, kind: EdgeKind, detail: string, control: boolean): void {
    if (from === to) return;
    const detailId = this.intern(detail);
    const kindId = EDGE_KINDS.indexOf(kind);
    // A numeric key (node ids stay far below 2^26) instead of a string per edge: building stays allocation-light.
    const pair = from * 67_108_864 + to;
    const tag = detailId * 16 + kindId;
    const seen = this.edgeSeen.get(pair);
    if (seen === undefined) this.edgeSeen.set(pair, tag);
    else if (seen === tag || (Array.isArray(seen) && seen.includes(tag))) return;
    else if (Array.isArray(seen)) seen.push(tag);
    else this.edgeSeen.set(pair, [seen, tag]);
    this.from.push(from);
    this.to.push(to);
    this.flags.push(kindId * 2 + (control ? 1 : 0));
    this.details.push(detailId);
  }

  private intern(text: string): number {
    const found = this.stringIndex.get(text);
    if (found !== undefined) return found;
    const id = this.strings.length;
    this.strings.push(text);
    this.stringIndex.set(text, id);
    return id;
  }

  freeze(): PermissionGraph {
    this.edgeSeen.clear();
    return new PermissionGraph({
      keys: this.keys,
      labels: this.labels,
      kinds: Uint8Array.from(this.kinds),
      index: this.index,
      from: this.from.trimmed(),
      to: this.to.trimmed(),
      flags: Uint8Array.from(this.flags.trimmed()),
      details: this.details.trimmed(),
      strings: this.strings,
    });
  }
}

/** The flat arrays a frozen graph is made of. */
export interface GraphStorage {
  keys: readonly string[];
  labels: readonly string[];
  kinds: Uint8Array;
  index: ReadonlyMap<string, number>;
  from: Int32Array;
  to: Int32Array;
  /** edge kind index * 2 + control bit */
  flags: Uint8Array;
  details: Int32Array;
  strings: readonly string[];
}

/** CSR index: the edges of node n are order[offsets[n] .. offsets[n+1]). */
function csr(nodeCount: number, endpoint: Int32Array): { offsets: Int32Array; order: Int32Array } {
  const offsets = new Int32Array(nodeCount + 1);
  for (let e = 0; e < endpoint.length; e++) offsets[endpoint[e]! + 1]!++;
  for (let n = 0; n < nodeCount; n++) offsets[n + 1]! += offsets[n]!;
  const cursor = offsets.slice(0, nodeCount);
  const order = new Int32Array(endpoint.length);
  for (let e = 0; e < endpoint.length; e++) order[cursor[endpoint[e]!]!++] = e;
  return { offsets, order };
}

export class PermissionGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  private readonly outIndex: { offsets: Int32Array; order: Int32Array };
  private readonly inIndex: { offsets: Int32Array; order: Int32Array };

  private readonly keys: readonly string[];
  private readonly labels: readonly string[];
  private readonly kinds: Uint8Array;
  private readonly index: ReadonlyMap<string, number>;
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly flags: Uint8Array;
  private readonly details: Int32Array;
  private readonly strings: readonly string[];

  constructor(storage: GraphStorage) {
    this.keys = storage.keys;
    this.labels = storage.labels;
    this.kinds = storage.kinds;
    this.index = storage.index;
    this.from = storage.from;
    this.to = storage.to;
    this.flags = storage.flags;
    this.details = storage.details;
    this.strings = storage.strings;
    this.nodeCount = this.keys.length;
    this.edgeCount = this.from.length;
    this.outIndex = csr(this.nodeCount, this.from);
    this.inIndex = csr(this.nodeCount, this.to);
  }

  find(kind: NodeKind, name: string): number | undefined {
    return this.index.get(`${kind}:${name.trim().toLowerCase()}`);
  }

  kindOf(node: number): NodeKind {
    return NODE_KINDS[this.kinds[node]!]!;
  }

  labelOf(node: number): string {
    return this.labels[node]!;
  }

  nodeView(node: number): NodeView {
    return { id: node, kind: this.kindOf(node), key: this.keys[node]!, label: this.labels[node]! };
  }

  edgeFrom(edge: number): number {
    return this.from[edge]!;
  }
  edgeTo(edge: number): number {
    return this.to[edge]!;
  }
  isControl(edge: number): boolean {
    return (this.flags[edge]! & 1) === 1;
  }
  edgeKind(edge: number): EdgeKind {
    return EDGE_KINDS[this.flags[edge]! >> 1]!;
  }
  detailOf(edge: number): string {
    return this.strings[this.details[edge]!]!;
  }

  edgeView(edge: number): EdgeView {
    return {
      id: edge,
      from: this.edgeFrom(edge),
      to: this.edgeTo(edge),
      kind: this.edgeKind(edge),
      control: this.isControl(edge),
      detail: this.detailOf(edge),
    };
  }

  /** Calls `visit(edge)` for every edge leaving `node`. */
  forEachOut(node: number, visit: (edge: number) => void): void {
    const { offsets, order } = this.outIndex;
    for (let i = offsets[node]!; i < offsets[node + 1]!; i++) visit(order[i]!);
  }

  /** Calls `visit(edge)` for every edge arriving at `node`. */
  forEachIn(node: number, visit: (edge: number) => void): void {
    const { offsets, order } = this.inIndex;
    for (let i = offsets[node]!; i < offsets[node + 1]!; i++) visit(order[i]!);
  }

  /** Raw CSR arrays of the in-edges, for the queries' hot loops. */
  inEdges(): { offsets: Int32Array; order: Int32Array } {
    return this.inIndex;
  }

  nodesOfKind(kind: NodeKind): number[] {
    const wanted = NODE_KINDS.indexOf(kind);
    const out: number[] = [];
    for (let n = 0; n < this.nodeCount; n++) if (this.kinds[n] === wanted) out.push(n);
    return out;
  }
}
