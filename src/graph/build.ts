/**
 * Builds the permission graph of one workspace from its evidence: principals (users, groups, service
 * principals, Azure RBAC principals), securables (jobs, clusters, secret scopes, catalogs, external locations,
 * storage credentials, cluster policies, apps, the token API) and the edges between them. Pure: it reads
 * evidence only, and records every fact it read (`inputs`) and every part it could not see (`gaps`: a job
 * whose ACL was not read, grants not collected), so a check built on a query can say unknown instead of
 * passing on a graph with holes.
 */
import { azureAdminRole } from "../evidence/azure-roles.ts";
import type { Fact } from "../evidence/fact.ts";
import { type AclEntry, type Catalog, EVERY, type PrincipalType, type WorkspaceEvidence } from "../evidence/model.ts";
import { GraphBuilder, type NodeKind, type PermissionGraph } from "./model.ts";

/** What a query depends on, so a check peeks only the facts its answer rests on. */
export type GraphTopic =
  | "identity"
  | "azure"
  | "compute"
  | "secrets"
  | "unity-catalog"
  /** Unity Catalog below the catalogs: schemas, tables, volumes and their grants */
  | "uc-objects"
  | "apps"
  /** SQL warehouses and serving endpoints: grants of access only, no path to an identity runs through them. */
  | "warehouses"
  | "serving"
  /** the account API: the service principals' rule sets (who may act as them) */
  | "account"
  /** the account API: who holds the account admin role */
  | "account-admins";

export interface GraphInput {
  topic: GraphTopic;
  label: string;
  fact: Fact<unknown>;
}

/** A part of a known fact that was not read (a job's ACL), or a field this evidence does not carry. */
export interface GraphGap {
  topic: GraphTopic;
  label: string;
  reason: string;
  source: string;
  /** The node key (`schema:main.sales`) of the securable whose grants were not read (Unity Catalog grants only). */
  securable?: string;
}

export type Provenance = "entra" | "local";

export interface WorkspaceGraph {
  graph: PermissionGraph;
  inputs: GraphInput[];
  gaps: GraphGap[];
  roles: { workspaceAdmin: number; metastoreAdmin: number; accountAdmin: number };
  /** The `admins` group, the `users` and `account users` groups. */
  groups: { admins: number; users: number; accountUsers: number };
  /** Users and groups listed by SCIM: provisioned from Entra ID (externalId set) or made in Databricks. */
  provenance: Map<number, Provenance>;
  /** The same for account admins the workspace does not list, from the account's SCIM (its externalId). */
  accountProvenance: Map<number, Provenance>;
  /** Active users and service principals (SCIM `active`). */
  active: Set<number>;
  /** Users and service principals the SCIM lists hold (a member outside them: its activity is not known). */
  listed: Set<number>;
  /** Groups whose members SCIM listed (the others' members are known only from their users' `groups`). */
  membersKnown: Set<number>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Databricks names users by user name (contains @), service principals by application id, groups by name. */
function kindOfName(name: string): "user" | "servicePrincipal" | "group" {
  if (name.includes("@")) return "user";
  if (GUID.test(name.trim())) return "servicePrincipal";
  return "group";
}

/** Job permissions that let the holder change what the job runs (and so run code as its run-as identity). */
const JOB_CONTROL = new Set(["CAN_MANAGE", "IS_OWNER"]);
/**
 * Serving endpoint permissions that use (query) or change (manage) what the endpoint serves with
 * (serving.ServingEndpointPermissionLevel: CAN_MANAGE | CAN_QUERY | CAN_VIEW; an owner manages).
 */
const SERVING_CONTROL = new Set(["CAN_QUERY", "CAN_MANAGE", "IS_OWNER"]);
/** Cluster permissions that let the holder run code on the cluster (attach a notebook, or more). */
const CLUSTER_CONTROL = new Set(["CAN_ATTACH_TO", "CAN_RESTART", "CAN_MANAGE"]);

/** The detail of an is-admin edge from the account's ADMIN workspace assignment. */
export const ACCOUNT_ADMIN_ASSIGNMENT = "ADMIN workspace assignment (account permissionassignments)";

export { azureAdminRole };

export function buildWorkspaceGraph(evidence: WorkspaceEvidence): WorkspaceGraph {
  const b = new GraphBuilder();
  const inputs: GraphInput[] = [];
  const gaps: GraphGap[] = [];
  const provenance = new Map<number, Provenance>();
  const accountProvenance = new Map<number, Provenance>();
  const active = new Set<number>();
  const listed = new Set<number>();
  const membersKnown = new Set<number>();
  const read = <T>(topic: GraphTopic, label: string, fact: Fact<T>): T | undefined => {
    inputs.push({ topic, label, fact });
    return fact.status === "known" ? fact.value : undefined;
  };
  const gap = (topic: GraphTopic, label: string, reason: string, source: string, securable?: number) =>
    gaps.push({ topic, label, reason, source, ...(securable === undefined ? {} : { securable: b.keyOf(securable) }) });
  const db = evidence.databricks;

  const roles = {
    workspaceAdmin: b.node("role", "workspace admin"),
    metastoreAdmin: b.node("role", "metastore admin"),
    accountAdmin: b.node("role", "account admin"),
  };
  const groups = {
    admins: b.node("group", "admins"),
    users: b.node("group", "users"),
    accountUsers: b.node("group", "account users"),
  };
  b.edge(groups.admins, roles.workspaceAdmin, "is-admin", "members of admins are workspace admins", true);

  const principal = (kind: "user" | "servicePrincipal" | "group", name: string) => b.node(kind, name);
  const named = (name: string) => principal(kindOfName(name), name);
  const aclPrincipal = (entry: AclEntry) => principal(entry.principalType, entry.principal);

  // --- identities -------------------------------------------------------------------------------
  const users = read("identity", "users", db.users) ?? [];
  const userById = new Map<string, number>();
  for (const u of users) {
    const node = principal("user", u.userName);
    userById.set(u.id, node);
    listed.add(node);
    provenance.set(node, u.externalId ? "entra" : "local");
    if (u.active) active.add(node);
    b.edge(node, groups.users, "member-of", "every workspace user is in users", true);
    b.edge(node, groups.accountUsers, "member-of", "every workspace user is an account user", true);
    // SCIM's externalId of a user provisioned from Entra ID is its Entra object id: the Azure RBAC principal.
    if (u.externalId)
      b.edge(
        node,
        b.node("azurePrincipal", u.externalId, `Entra user ${u.externalId}`),
        "same-identity",
        "Entra object id (SCIM externalId)",
        true,
      );
  }
  const sps = read("identity", "service principals", db.servicePrincipals) ?? [];
  const spById = new Map<string, number>();
  for (const sp of sps) {
    const node = b.node("servicePrincipal", sp.applicationId, `${sp.displayName} (${sp.applicationId})`);
    spById.set(sp.id, node);
    listed.add(node);
    if (sp.active) active.add(node);
  }
  const groupList = read("identity", "groups", db.groups) ?? [];
  const groupById = new Map<string, number>();
  for (const g of groupList) groupById.set(g.id, principal("group", g.displayName));
  let anyMembersMissing = false;
  for (const g of groupList) {
    const node = groupById.get(g.id)!;
    provenance.set(node, g.externalId ? "entra" : "local");
    if (!g.members) {
      anyMembersMissing = true;
      continue;
    }
    membersKnown.add(node);
    for (const m of g.members) {
      const member =
        m.type === "group"
          ? (groupById.get(m.id) ?? principal("group", m.display))
          : m.type === "servicePrincipal"
            ? (spById.get(m.id) ?? principal("servicePrincipal", m.display))
            : (userById.get(m.id) ?? principal("user", m.display));
      b.edge(member, node, "member-of", `member of ${g.displayName}`, true);
    }
  }
  // A user's own group list, for the groups whose members SCIM did not list (with the members known, they say
  // it all, nesting included: a user's list may name groups it is in only through another).
  for (const u of users)
    for (const g of u.groups) {
      const group = principal("group", g);
      if (!membersKnown.has(group)) b.edge(userById.get(u.id)!, group, "member-of", `member of ${g}`, true);
    }
  if (db.groups.status === "known" && anyMembersMissing)
    gap(
      "identity",
      "group members",
      "this evidence lists group member counts but not the members (a snapshot from an older lakeward): nested groups are not known",
      db.groups.source,
    );
  const admins = read("identity", "members of the admins group", db.admins) ?? [];
  for (const a of admins) {
    const node =
      a.type === "servicePrincipal"
        ? (spById.get(a.id) ?? principal("servicePrincipal", a.name))
        : a.type === "group"
          ? (groupById.get(a.id) ?? principal("group", a.name))
          : (userById.get(a.id) ?? principal("user", a.name));
    if (a.via === null) b.edge(node, groups.admins, "member-of", "member of admins", true);
    else {
      const via = principal("group", a.via);
      b.edge(node, via, "member-of", `member of ${a.via}`, true);
      // Without the groups' members the chain between `via` and admins is not known: one edge says it is nested.
      if (!membersKnown.has(via)) b.edge(via, groups.admins, "member-of", "nested in admins", true);
    }
  }

  // --- Azure RBAC: Owner and Contributor on the workspace (or above) become workspace admins -------
  const assignments = read("azure", "Azure role assignments", evidence.azure.roleAssignments) ?? [];
  for (const ra of assignments) {
    const role = azureAdminRole(ra);
    if (!role) continue;
    const node = b.node("azurePrincipal", ra.principalId, `Entra ${ra.principalType} ${ra.principalId}`);
    b.edge(node, roles.workspaceAdmin, "is-admin", `Azure ${role} on ${ra.scope}`, true);
  }
  // Who is in those Entra groups (Microsoft Graph, with --graph): each workspace user whose user name is a
  // member's sign-in name gets the group's role. Read when it is there, not required: without it the group
  // itself is the principal that reaches admin, and the check names it.
  const entraMembers = evidence.entra.adminGroupMembers;
  if (entraMembers?.status === "known") {
    const byName = new Map(users.map((u) => [u.userName.toLowerCase(), userById.get(u.id)!]));
    for (const [groupId, names] of Object.entries(entraMembers.value)) {
      const group = b.has("azurePrincipal", groupId);
      if (group === undefined) continue;
      for (const name of names) {
        const user = byName.get(name.toLowerCase());
        if (user !== undefined)
          b.edge(user, group, "member-of", "member of the Entra group (Microsoft Graph transitiveMembers)", true);
      }
    }
  }

  // --- the account: account admins; who may act as a service principal (its rule set) -------------
  // Read as optional facts: evidence from before the permission graph read the account has neither.
  const notCollected = (what: string): Fact<never> => ({
    status: "unknown",
    reason: `this evidence does not carry the account's ${what}`,
    source: "Databricks account API",
  });
  const listedSp = new Map(sps.map((sp) => [sp.applicationId.toLowerCase(), spById.get(sp.id)!]));
  // The principals the workspace's SCIM lists hold (users, service principals, groups), before the account's.
  const inWorkspace = new Set([...listed, ...provenance.keys()]);
  const listedNode = (type: "user" | "servicePrincipal" | "group", name: string): number | undefined => {
    const node = b.has(type, name);
    return node !== undefined && inWorkspace.has(node) ? node : undefined;
  };
  for (const a of read("account-admins", "account admins", evidence.account.accountAdmins ?? notCollected("admins")) ??
    []) {
    const node = principal(a.principalType, a.principal);
    // Provisioned from Entra ID or made in the account: for admins the workspace does not list (IAM-22).
    if (a.principalType !== "servicePrincipal" && !provenance.has(node))
      accountProvenance.set(node, a.externalId ? "entra" : "local");
    if (a.via === null)
      b.edge(node, roles.accountAdmin, "is-admin", "account admin (account SCIM role account_admin)", true);
    else b.edge(node, principal("group", a.via), "member-of", `member of ${a.via} (account group)`, true);
  }
  // The account's ADMIN assignment of a principal to this workspace makes it a workspace admin (reached whether
  // or not the workspace's admins group also lists it: then it has both routes).
  for (const a of read(
    "account",
    "account workspace assignments",
    evidence.account.workspaceAssignments ?? notCollected("workspace assignments"),
  ) ?? []) {
    if (!a.permissions.includes("ADMIN")) continue;
    const node =
      a.principalType === "servicePrincipal"
        ? (listedSp.get(a.principal.toLowerCase()) ?? principal("servicePrincipal", a.principal))
        : principal(a.principalType, a.principal);
    b.edge(node, roles.workspaceAdmin, "is-admin", ACCOUNT_ADMIN_ASSIGNMENT, true);
  }
  // The holder of a rule-set role (itself, or a member `via` the account group named in the rule set).
  const holder = (
    r: { principal: string; principalType: PrincipalType; via: string | null },
    to: number,
    detail: string,
  ) => {
    const who = listedNode(r.principalType, r.principal);
    if (who === undefined) return;
    if (r.via === null) b.edge(who, to, "can-assume", detail, true);
    else {
      const group = principal("group", r.via);
      b.edge(who, group, "member-of", `member of ${r.via} (account group)`, true);
      b.edge(group, to, "can-assume", detail, true);
    }
  };
  let everySpNode: number | undefined;
  const everySp = () => {
    if (everySpNode === undefined) {
      everySpNode = b.node("role", "every service principal", "every service principal of the account");
      for (const sp of listedSp.values())
        b.edge(everySpNode, sp, "can-assume", "a manager of every service principal manages this one", true);
    }
    return everySpNode;
  };
  let everyGroupNode: number | undefined;
  const everyGroup = () => {
    if (everyGroupNode === undefined) {
      everyGroupNode = b.node("role", "every group", "every group of the account");
      // Workspace-local groups cannot be managed through the account rule set, but workspace SCIM does not say
      // which groups are the account's: every group but the system ones is counted (a route too many is
      // possible, a missed one is not).
      for (const node of provenance.keys())
        if (
          b.kindOf(node) === "group" &&
          node !== groups.admins &&
          node !== groups.users &&
          node !== groups.accountUsers
        )
          b.edge(everyGroupNode, node, "can-assume", "a manager of every group manages this one", true);
    }
    return everyGroupNode;
  };
  for (const r of read(
    "account",
    "service principal rule sets",
    evidence.account.servicePrincipalRoles ?? notCollected("service principal rule sets"),
  ) ?? []) {
    // Only a service principal of this workspace can be run as here, and only by a principal the workspace
    // lists (one it does not list cannot sign in to it); an account group's members come `via` the group, so
    // a member in the workspace through another group is still seen.
    const detail = `${r.role} on the service principal (account rule set)`;
    if (r.servicePrincipal === EVERY) {
      // The account's own rule set: one node for "every service principal", so a holder costs one edge.
      if (!listedSp.size) continue;
      holder(r, everySp(), `${r.role} on the account rule set (every service principal)`);
      continue;
    }
    const sp = listedSp.get(r.servicePrincipal.toLowerCase());
    if (sp !== undefined) holder(r, sp, detail);
  }
  // A role on an account group's rule set (or on the account's, for every group): a manager may add itself to
  // the group, an assumer may act as it — either way it gets the group's power. Only a group this workspace lists
  // matters here, and only a holder it lists.
  for (const r of read("account", "group rule sets", evidence.account.groupRoles ?? notCollected("group rule sets")) ??
    []) {
    const what = r.role === "roles/group.assumer" ? "may assume it as a role" : "may add itself to it";
    if (r.group === EVERY) {
      holder(r, everyGroup(), `${r.role} on the account rule set (every group: ${what})`);
      continue;
    }
    const group = listedNode("group", r.group);
    if (group !== undefined) holder(r, group, `${r.role} on group ${r.group} (account rule set): ${what}`);
  }

  // A rule set that could not be read governs the roles on its own service principal or group only: a gap for that
  // one, and only when this workspace lists it (the roles on one it does not list are not drawn, read or not).
  const ruleSetsPath = "GET /api/2.0/preview/accounts/{account}/access-control/rule-sets";
  for (const r of evidence.account.ruleSetsUnread ?? []) {
    if (r.kind === "servicePrincipal") {
      if (listedSp.has(r.name.toLowerCase()))
        gap(
          "account",
          `service principal ${r.name} rule set`,
          r.reason,
          `${ruleSetsPath}?name=…/servicePrincipals/${r.name}/ruleSets/default`,
        );
    } else if (listedNode("group", r.name) !== undefined)
      gap("account", `group ${r.name} rule set`, r.reason, `${ruleSetsPath}?name=…/groups/{id}/ruleSets/default`);
  }

  // --- compute: jobs run as someone; clusters carry credentials ------------------------------------
  const jobs = read("compute", "jobs", db.jobs) ?? [];
  for (const job of jobs) {
    const node = b.node("job", job.id, `job ${job.name} (${job.id})`);
    if (job.runAs) b.edge(node, named(job.runAs), "runs-as", `runs as ${job.runAs}`, true);
    if (job.permissions === null) {
      gap(
        "compute",
        `job ${job.name} (${job.id}) ACL`,
        job.permissionsUnread ?? "not read",
        `GET /api/2.0/permissions/jobs/${job.id}`,
      );
      continue;
    }
    for (const entry of job.permissions)
      for (const p of entry.permissions)
        b.edge(aclPrincipal(entry), node, "granted", p.level, JOB_CONTROL.has(p.level.toUpperCase()));
  }
  const clusters = read("compute", "clusters", db.clusters) ?? [];
  for (const cluster of clusters) {
    const node = b.node("cluster", cluster.id, `cluster ${cluster.name} (${cluster.id})`);
    const secrets = [...cluster.sparkConf, ...cluster.sparkEnvVars].filter((e) => e.secretReference || e.sensitiveKey);
    if (secrets.length) {
      const credential = b.node(
        "credential",
        `cluster ${cluster.id}`,
        `credentials in cluster ${cluster.name}'s configuration (${secrets.map((s) => s.key).join(", ")})`,
      );
      b.edge(node, credential, "carries-credential", secrets.map((s) => s.key).join(", "), true);
    }
    if (cluster.permissions === undefined || cluster.permissions === null) {
      gap(
        "compute",
        `cluster ${cluster.name} (${cluster.id}) ACL`,
        cluster.permissions === null
          ? (cluster.permissionsUnread ?? "not read")
          : "this evidence does not carry cluster ACLs",
        `GET /api/2.0/permissions/clusters/${cluster.id}`,
      );
      continue;
    }
    for (const entry of cluster.permissions)
      for (const p of entry.permissions)
        b.edge(aclPrincipal(entry), node, "granted", p.level, CLUSTER_CONTROL.has(p.level.toUpperCase()));
  }
  for (const policy of read("compute", "cluster policies", db.clusterPolicies) ?? []) {
    const node = b.node("clusterPolicy", policy.id, `cluster policy ${policy.name}`);
    for (const user of policy.users ?? []) b.edge(named(user), node, "granted", "CAN_USE", false);
  }
  const tokenAcl = read("compute", "token permissions", db.tokenPermissions) ?? [];
  const tokens = b.node("tokens", "personal access tokens", "personal access tokens (token API)");
  for (const entry of tokenAcl)
    for (const p of entry.permissions) b.edge(aclPrincipal(entry), tokens, "granted", p.level, false);

  // --- SQL warehouses and serving endpoints: access only (queries run as the caller, not as the object) --
  const acl = (
    topic: GraphTopic,
    node: number,
    [kindName, name]: [string, string],
    object: { permissions?: readonly AclEntry[] | null | undefined; permissionsUnread?: string | undefined },
    source: string,
    control: (level: string) => boolean = () => false,
  ) => {
    const entries = object.permissions;
    if (!entries) {
      const reason =
        entries === null ? (object.permissionsUnread ?? "not read") : `this evidence does not carry ${kindName} ACLs`;
      gap(topic, `${kindName} ${name} ACL`, reason, source);
      return;
    }
    for (const entry of entries)
      for (const p of entry.permissions) b.edge(aclPrincipal(entry), node, "granted", p.level, control(p.level));
  };
  for (const w of read("warehouses", "SQL warehouses", db.sqlWarehouses) ?? []) {
    const node = b.node("warehouse", w.id, `SQL warehouse ${w.name} (${w.id})`);
    const source = `GET /api/2.0/permissions/warehouses/${w.id}`;
    acl("warehouses", node, ["SQL warehouse", `${w.name} (${w.id})`], w, source);
  }
  // An endpoint whose configuration references a secret ({{secrets/scope/key}} in a served entity's
  // environment_vars or an external model's key) serves with that secret: whoever may query it uses the secret's
  // power (an external model called on the company's key), whoever may manage it can change what it serves and
  // so read it. Those two grants hand over what the endpoint holds; CAN_VIEW does not.
  for (const e of read("serving", "serving endpoints", db.servingEndpoints) ?? []) {
    const node = b.node("servingEndpoint", e.name, `serving endpoint ${e.name}`);
    acl(
      "serving",
      node,
      ["serving endpoint", e.name],
      e,
      `GET /api/2.0/permissions/serving-endpoints/${e.id ?? "{id}"}`,
      (level) => SERVING_CONTROL.has(level.toUpperCase()),
    );
    if (e.secretReferences === null)
      gap(
        "serving",
        `serving endpoint ${e.name} configuration (its secret references)`,
        e.secretReferencesUnread ?? "not read",
        `GET /api/2.0/serving-endpoints/${e.name}`,
      );
    for (const ref of e.secretReferences ?? [])
      b.edge(
        node,
        b.node("secretScope", ref.scope, `secret scope ${ref.scope}`),
        "carries-credential",
        `{{secrets/${ref.scope}/${ref.key}}} in ${ref.where}`,
        true,
      );
  }

  // --- secret scopes ------------------------------------------------------------------------------
  for (const scope of read("secrets", "secret scopes", db.secretScopes) ?? []) {
    const node = b.node("secretScope", scope.name, `secret scope ${scope.name}`);
    const acls = read("secrets", `secret scope ${scope.name} ACL`, scope.acls) ?? [];
    for (const entry of acls) b.edge(named(entry.principal), node, "granted", entry.permission, false);
  }

  // --- Unity Catalog -------------------------------------------------------------------------------
  const uc = db.unityCatalog;
  const metastore = read("unity-catalog", "metastore", uc.metastore);
  if (metastore?.owner)
    b.edge(named(metastore.owner), roles.metastoreAdmin, "is-admin", "owner of the metastore", true);
  const grants = (
    node: number,
    what: string,
    securable: { grants?: readonly { principal: string; privileges: string[] }[] | null; grantsUnread?: string },
    source: string,
    topic: GraphTopic = "unity-catalog",
  ) => {
    const list = securable.grants;
    if (!list) {
      gap(
        topic,
        `${what} grants`,
        list === null ? (securable.grantsUnread ?? "not read") : "this evidence does not carry Unity Catalog grants",
        source,
        node,
      );
      return;
    }
    for (const g of list) b.edge(named(g.principal), node, "granted", g.privileges.join(", "), false);
  };
  // Schemas, tables and volumes: `contains` edges from their container, owners, grants; what was not read is a gap.
  const UC = "/api/2.1/unity-catalog";
  const below = (catalogNode: number, c: Catalog) => {
    if (c.schemas === undefined || c.schemas === null) {
      const reason =
        c.schemas === null
          ? (c.schemasUnread ?? "not read")
          : "this evidence does not carry the schemas, tables and volumes below catalogs";
      gap("uc-objects", `catalog ${c.name} schemas`, reason, `GET ${UC}/schemas?catalog_name=${c.name}`);
      return;
    }
    // A list that is there with a reason beside it is partial (items listed without a name were left out).
    if (c.schemasUnread)
      gap("uc-objects", `catalog ${c.name} schemas`, c.schemasUnread, `GET ${UC}/schemas?catalog_name=${c.name}`);
    for (const s of c.schemas) {
      const schema = b.node("schema", s.fullName, `schema ${s.fullName}`);
      b.edge(catalogNode, schema, "contains", `schema of catalog ${c.name}`, false);
      if (s.owner) b.edge(named(s.owner), schema, "owns", "owner", false);
      grants(schema, `schema ${s.fullName}`, s, `GET ${UC}/permissions/schema/${s.fullName}`, "uc-objects");
      const children = [
        ["table", s.tables, s.tablesUnread],
        ["volume", s.volumes, s.volumesUnread],
      ] as const;
      for (const [kind, list, unread] of children) {
        if (list === null || unread)
          gap(
            "uc-objects",
            `${kind}s of schema ${s.fullName}`,
            unread ?? "not read",
            `GET ${UC}/${kind}s?catalog_name=${c.name}&schema_name=${s.name}`,
          );
        if (list === null) continue;
        for (const object of list) {
          const node = b.node(kind, object.fullName, `${kind} ${object.fullName}`);
          b.edge(schema, node, "contains", `${kind} of schema ${s.fullName}`, false);
          if (object.owner) b.edge(named(object.owner), node, "owns", "owner", false);
          grants(
            node,
            `${kind} ${object.fullName}`,
            object,
            `GET ${UC}/permissions/${kind}/${object.fullName}`,
            "uc-objects",
          );
        }
      }
    }
  };
  for (const c of read("unity-catalog", "catalogs", uc.catalogs) ?? []) {
    if (c.catalogType === "SYSTEM_CATALOG") continue;
    const node = b.node("catalog", c.name, `catalog ${c.name}`);
    if (c.owner) b.edge(named(c.owner), node, "owns", "owner", false);
    grants(node, `catalog ${c.name}`, c, `GET /api/2.1/unity-catalog/permissions/catalog/${c.name}`);
    below(node, c);
  }
  for (const l of read("unity-catalog", "external locations", uc.externalLocations) ?? []) {
    const node = b.node("externalLocation", l.name, `external location ${l.name} (${l.url})`);
    if (l.owner) b.edge(named(l.owner), node, "owns", "owner", false);
    grants(
      node,
      `external location ${l.name}`,
      l,
      `GET /api/2.1/unity-catalog/permissions/external_location/${l.name}`,
    );
  }
  for (const s of read("unity-catalog", "storage credentials", uc.storageCredentials) ?? []) {
    const node = b.node("storageCredential", s.name, `storage credential ${s.name}`);
    if (s.owner) b.edge(named(s.owner), node, "owns", "owner", false);
    grants(
      node,
      `storage credential ${s.name}`,
      s,
      `GET /api/2.1/unity-catalog/permissions/storage_credential/${s.name}`,
    );
  }

  // --- apps run as their own service principal; their creator deploys their code -----------------
  for (const app of read("apps", "apps", db.apps) ?? []) {
    const node = b.node("app", app.name, `app ${app.name}`);
    if (app.servicePrincipal)
      b.edge(
        node,
        principal("servicePrincipal", app.servicePrincipal),
        "runs-as",
        `runs as ${app.servicePrincipal}`,
        true,
      );
    if (app.creator) b.edge(named(app.creator), node, "owns", "creator (deploys its code)", true);
  }

  return {
    graph: b.freeze(),
    inputs,
    gaps,
    roles,
    groups,
    provenance,
    accountProvenance,
    active,
    listed,
    membersKnown,
  };
}

/** The graph of one evidence object, built once however many checks ask (evidence is not changed by checks). */
const cache = new WeakMap<WorkspaceEvidence, WorkspaceGraph>();
export function workspaceGraph(evidence: WorkspaceEvidence): WorkspaceGraph {
  let built = cache.get(evidence);
  if (!built) {
    built = buildWorkspaceGraph(evidence);
    cache.set(evidence, built);
  }
  return built;
}

export type { NodeKind };
