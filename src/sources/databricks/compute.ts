/**
 * Compute: clusters, jobs (with their clusters and ACLs), cluster policies, instance pools, SQL
 * warehouses, libraries, the runtime versions on offer and global init scripts. Secret-bearing fields (Spark conf and
 * environment values, Docker passwords, Log Analytics keys, init script bodies) never enter evidence:
 * conf values are fingerprinted unless known not to be secret, the rest is not read into it at all.
 */
import type { z } from "zod";
import type {
  AclEntry,
  Cluster,
  ClusterPolicy,
  InstancePool,
  Job,
  JobCluster,
  SqlWarehouse,
} from "../../evidence/model.ts";
import { fingerprint, redactConfMap, redactPolicyDefinition } from "../../redact/fingerprint.ts";
import { ApiFailure, describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { boundedPages } from "../http/pager.ts";
import type { Problem } from "../problems.ts";
import { getJson, pagedList } from "./http.ts";
import { pathId } from "./routes.ts";
import {
  type clusterSchema,
  type clusterSpecSchema,
  clustersPageSchema,
  globalInitScriptSchema,
  globalInitScriptsSchema,
  instancePoolsSchema,
  jobSchema,
  jobsPageSchema,
  type librarySchema,
  libraryStatusesSchema,
  permissionsSchema,
  policiesSchema,
  sparkVersionsSchema,
  type warehouseSchema,
  warehousesPageSchema,
} from "./schemas.ts";

type WireCluster = z.infer<typeof clusterSchema>;
type WireClusterSpec = z.infer<typeof clusterSpecSchema>;
type WireJob = z.infer<typeof jobSchema>;

const iso = (ms: unknown): string | null => (typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : null);

function initScriptsOf(list: WireClusterSpec["init_scripts"]): { type: string; destination: string }[] {
  return (list ?? []).map((info) => {
    for (const [type, value] of Object.entries(info)) {
      const destination = value?.destination;
      if (destination !== undefined) return { type, destination };
    }
    return { type: "unknown", destination: "" };
  });
}

export function toCluster(cluster: WireCluster): Cluster {
  return {
    id: cluster.cluster_id ?? "",
    name: cluster.cluster_name ?? "",
    state: cluster.state ?? null,
    source: cluster.cluster_source ?? null,
    accessMode: cluster.data_security_mode ?? null,
    singleUserName: cluster.single_user_name ?? null,
    sparkVersion: cluster.spark_version ?? null,
    creator: cluster.creator_user_name ?? null,
    startTime: iso(cluster.start_time),
    lastRestartedTime: iso(cluster.last_restarted_time),
    autoterminationMinutes: cluster.autotermination_minutes ?? null,
    policyId: cluster.policy_id ?? null,
    localDiskEncryption: cluster.enable_local_disk_encryption ?? null,
    tags: { ...(cluster.custom_tags ?? {}) },
    initScripts: initScriptsOf(cluster.init_scripts),
    sparkConf: redactConfMap(cluster.spark_conf),
    sparkEnvVars: redactConfMap(cluster.spark_env_vars),
  };
}

/**
 * A fan-out of one read per object (an ACL, a securable's grants) over the first `max` objects of a list.
 * An object past the bound, or whose read failed, gets null and the reason why (`unread`): the graph and the
 * checks then say which part is unknown and for what reason (forbidden, not found, a misfit body, the
 * bound), never treat it as empty. Failures also become one run problem naming how many and the first.
 */
export class AclFanOut {
  private readonly failures: string[] = [];
  private attempted = 0;
  /** What one read gets, plural, e.g. "cluster ACLs". */
  private readonly what: string;
  /** The endpoint template, for the run problem. */
  private readonly source: string;
  private readonly max: number;
  /** The option that sets `max`, named in the reason of what is past it. */
  private readonly bound: string;
  constructor(what: string, source: string, max: number, bound = "--max-acls") {
    this.what = what;
    this.source = source;
    this.max = max;
    this.bound = bound;
  }

  async read<T>(index: number, fn: () => Promise<T>): Promise<{ value: T | null; unread?: string }> {
    if (index >= this.max)
      return { value: null, unread: `not read: past the first ${this.max} (${this.bound} ${this.max})` };
    this.attempted++;
    try {
      return { value: await fn() };
    } catch (error) {
      const reason = describeFailure(error);
      this.failures.push(reason);
      return { value: null, unread: reason };
    }
  }

  /** Adds one problem when any read failed (not for the bound: that is a choice, said on each object). */
  report(problems: Problem[] | undefined): void {
    if (!problems || this.failures.length === 0) return;
    problems.push({
      source: this.source,
      message: `${this.failures.length} of ${this.attempted} ${this.what} could not be read, so they are unknown; the first: ${this.failures[0]}`,
    });
  }
}

/**
 * Clusters, paged by page_token with page_size (compute.ListClustersRequest), with the ACL of each of the first
 * `maxAcls` (GET /api/2.0/permissions/clusters/{id}, iam.ObjectPermissions): who can attach, restart, manage —
 * the permission graph's can-attach edges. A cluster past the bound, or whose ACL failed, has `permissions: null`
 * and `permissionsUnread` saying why.
 */
export async function readClusters(client: ReadOnlyApiClient, maxAcls = 200, problems?: Problem[]): Promise<Cluster[]> {
  const clusters = await pagedList(client, "/api/2.1/clusters/list", clustersPageSchema, (page) => page.clusters, {
    query: { page_size: 100 },
  });
  const acls = new AclFanOut("cluster ACLs", "GET /api/2.0/permissions/clusters/{id}", maxAcls);
  const read = await Promise.all(
    clusters.map(async (wire, index): Promise<Cluster> => {
      const cluster = toCluster(wire);
      const acl = await acls.read(index, () => readPermissions(client, "clusters", cluster.id));
      return { ...cluster, permissions: acl.value, ...(acl.unread ? { permissionsUnread: acl.unread } : {}) };
    }),
  );
  acls.report(problems);
  return read;
}

function aclOf(body: z.infer<typeof permissionsSchema>): AclEntry[] {
  return (body.access_control_list ?? []).map((entry) => {
    const group = entry.group_name ?? null;
    const sp = entry.service_principal_name ?? null;
    return {
      principal: group ?? sp ?? entry.user_name ?? entry.display_name ?? "?",
      principalType: group ? "group" : sp ? "servicePrincipal" : "user",
      permissions: (entry.all_permissions ?? []).map((p) => ({
        level: p.permission_level ?? "?",
        inherited: p.inherited === true,
      })),
    };
  });
}

export async function readPermissions(client: ReadOnlyApiClient, objectType: string, id: string): Promise<AclEntry[]> {
  const path = `/api/2.0/permissions/${objectType}/${pathId(id, `${objectType} id`, `GET /api/2.0/permissions/${objectType}`)}`;
  return aclOf(await getJson(client, path, permissionsSchema));
}

function jobCluster(key: string, spec: WireClusterSpec): JobCluster {
  return {
    key,
    sparkVersion: spec.spark_version ?? null,
    accessMode: spec.data_security_mode ?? null,
    policyId: spec.policy_id ?? null,
    localDiskEncryption: spec.enable_local_disk_encryption ?? null,
    tags: { ...(spec.custom_tags ?? {}) },
    initScripts: initScriptsOf(spec.init_scripts),
    sparkConf: redactConfMap(spec.spark_conf),
    sparkEnvVars: redactConfMap(spec.spark_env_vars),
  };
}

const active = (block: { pause_status?: string | undefined } | undefined) =>
  block !== undefined && block.pause_status !== "PAUSED";

/** Every cluster a job defines: shared job clusters, task clusters and the clusters of for-each tasks' inner tasks. */
function clustersOf(settings: WireJob["settings"]): JobCluster[] {
  const clusters: JobCluster[] = (settings?.job_clusters ?? []).map((c) =>
    jobCluster(c.job_cluster_key, c.new_cluster),
  );
  for (const task of settings?.tasks ?? []) {
    if (task.new_cluster) clusters.push(jobCluster(`task ${task.task_key}`, task.new_cluster));
    const inner = task.for_each_task?.task;
    if (inner?.new_cluster)
      clusters.push(jobCluster(`task ${task.task_key} (for each: ${inner.task_key})`, inner.new_cluster));
  }
  return clusters;
}

/**
 * One job in full through `GET /api/2.2/jobs/get`, following its next_page_token and appending the pages'
 * tasks and job clusters as the Go SDK's JobsAPI.Get does (service/jobs/ext_api.go). It is the only place
 * `run_as_user_name` exists (jobs.Job, not jobs.BaseJob).
 */
async function getJob(client: ReadOnlyApiClient, jobId: string): Promise<WireJob> {
  const pages = await boundedPages({
    endpoint: `GET /api/2.2/jobs/get?job_id=${jobId}`,
    fetch: (token: string | undefined, _i, deadline) =>
      getJson(
        client,
        "/api/2.2/jobs/get",
        jobSchema,
        { job_id: jobId, ...(token ? { page_token: token } : {}) },
        {
          deadline,
        },
      ),
    items: (page) => [page],
    next: (page) => page.next_page_token || undefined,
  });
  const [first, ...rest] = pages;
  const settings = { ...first!.settings };
  for (const page of rest) {
    settings.tasks = [...(settings.tasks ?? []), ...(page.settings?.tasks ?? [])];
    settings.job_clusters = [...(settings.job_clusters ?? []), ...(page.settings?.job_clusters ?? [])];
  }
  return { ...first!, settings };
}

/**
 * Jobs with their clusters, who they run as, and the ACL of each of the first `maxAcls` jobs. A list item is
 * completed through jobs/get when it says `has_more` (its tasks and job clusters are cut) or names no run_as
 * (the job runs as its owner, whose name only jobs/get gives). A job whose arrays could not be read in full
 * makes the list unknown: a partial job could pass a check its missing clusters fail.
 */
export async function readJobs(client: ReadOnlyApiClient, maxAcls = 200, problems?: Problem[]): Promise<Job[]> {
  const items = await pagedList(client, "/api/2.2/jobs/list", jobsPageSchema, (page) => page.jobs, {
    query: { expand_tasks: true, limit: 100 },
  });
  const acls = new AclFanOut("job ACLs", "GET /api/2.0/permissions/jobs/{id}", maxAcls);
  const jobs = await Promise.all(
    items.map(async (item, index): Promise<Job> => {
      const id = pathId(item.job_id, "job id", "GET /api/2.2/jobs/list");
      let job: WireJob = item;
      let runAsUserName: string | null = null;
      if (item.has_more || !item.settings?.run_as) {
        try {
          job = await getJob(client, id);
          runAsUserName = job.run_as_user_name ?? null;
        } catch (error) {
          if (item.has_more)
            throw new ApiFailure({
              endpoint: "GET /api/2.2/jobs/get",
              kind: error instanceof ApiFailure ? error.kind : "invalid-response",
              detail: `job ${id} lists only part of its tasks and clusters (has_more) and the rest could not be read: ${error instanceof Error ? error.message : String(error)}`,
            });
          // The cut-free list item stands; only who the job runs as stays unknown.
        }
      }
      const settings = job.settings;
      const runAs = settings?.run_as;
      // The ACL stays unknown for a job past the bound or whose ACL failed; checks that need it say why.
      const acl = await acls.read(index, () => readPermissions(client, "jobs", id));
      return {
        id,
        name: settings?.name ?? id,
        creator: job.creator_user_name ?? null,
        runAs: runAs?.user_name ?? runAs?.service_principal_name ?? runAsUserName,
        unattended: active(settings?.schedule) || active(settings?.continuous) || active(settings?.trigger),
        clusters: clustersOf(settings),
        permissions: acl.value,
        ...(acl.unread ? { permissionsUnread: acl.unread } : {}),
      };
    }),
  );
  acls.report(problems);
  return jobs;
}
export async function readClusterPolicies(client: ReadOnlyApiClient): Promise<ClusterPolicy[]> {
  const body = await getJson(client, "/api/2.0/policies/clusters/list", policiesSchema);
  return Promise.all(
    (body.policies ?? []).map(async (policy): Promise<ClusterPolicy> => {
      const id = policy.policy_id ?? "";
      let definition: ClusterPolicy["definition"] = {};
      try {
        // The definition is a JSON document inside a string.
        definition = redactPolicyDefinition(JSON.parse(policy.definition ?? "{}") as ClusterPolicy["definition"]);
      } catch {
        // Unparseable: no rule is claimed. Checks that need the rules see an empty definition and say so.
        definition = {};
      }
      let users: string[] | null = null;
      try {
        users = (await readPermissions(client, "cluster-policies", id))
          .filter((e) => e.permissions.some((p) => p.level === "CAN_USE"))
          .map((e) => e.principal);
      } catch {
        users = null;
      }
      return {
        id,
        name: policy.name ?? id,
        definition,
        familyId: policy.policy_family_id ?? null,
        isDefault: policy.is_default === true,
        users,
      };
    }),
  );
}

export async function readInstancePools(client: ReadOnlyApiClient): Promise<InstancePool[]> {
  const body = await getJson(client, "/api/2.0/instance-pools/list", instancePoolsSchema);
  return (body.instance_pools ?? []).map((pool) => ({
    id: pool.instance_pool_id ?? "",
    name: pool.instance_pool_name ?? "",
    tags: { ...(pool.custom_tags ?? {}) },
  }));
}

/** A warehouse's custom tags: `tags.custom_tags` is a list of {key, value} pairs. */
function warehouseTags(tags: z.infer<typeof warehouseSchema>["tags"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of tags?.custom_tags ?? []) if (pair.key) out[pair.key] = pair.value ?? "";
  return out;
}

export function toSqlWarehouse(warehouse: z.infer<typeof warehouseSchema>): SqlWarehouse {
  return {
    id: warehouse.id ?? "",
    name: warehouse.name ?? "",
    warehouseType: warehouse.warehouse_type ?? null,
    serverless: warehouse.enable_serverless_compute ?? null,
    clusterSize: warehouse.cluster_size ?? null,
    autoStopMinutes: warehouse.auto_stop_mins ?? null,
    maxNumClusters: warehouse.max_num_clusters ?? null,
    channel: warehouse.channel?.name ?? null,
    creatorName: warehouse.creator_name ?? null,
    tags: warehouseTags(warehouse.tags),
    state: warehouse.state ?? null,
  };
}

/**
 * SQL warehouses. The list used to come in one response; the API now documents page_size/page_token, so
 * the token is followed when the server sends one. Connection details (JDBC URL, ODBC params) are not kept.
 * The ACL of each of the first `maxAcls` (GET /api/2.0/permissions/warehouses/{id}, sql.WarehousePermissions:
 * the SDK's WarehousesAPI getPermissions) says who can use, monitor or manage it; past the bound, or refused,
 * `permissions: null`.
 */
export async function readSqlWarehouses(
  client: ReadOnlyApiClient,
  pageSize = 100,
  maxAcls = 200,
  problems?: Problem[],
): Promise<SqlWarehouse[]> {
  const warehouses = await pagedList(
    client,
    "/api/2.0/sql/warehouses",
    warehousesPageSchema,
    (page) => page.warehouses,
    {
      query: { page_size: pageSize },
    },
  );
  const acls = new AclFanOut("SQL warehouse ACLs", "GET /api/2.0/permissions/warehouses/{id}", maxAcls);
  const read = await Promise.all(
    warehouses.map(async (wire, index): Promise<SqlWarehouse> => {
      const warehouse = toSqlWarehouse(wire);
      const acl = await acls.read(index, () => readPermissions(client, "warehouses", warehouse.id));
      return { ...warehouse, permissions: acl.value, ...(acl.unread ? { permissionsUnread: acl.unread } : {}) };
    }),
  );
  acls.report(problems);
  return read;
}

/** Removes credentials embedded in URLs (https://user:pass@host/…). */
const withoutUserInfo = (url: string) => url.replace(/\/\/[^/@\s]+@/, "//");

function describeLibrary(library: z.infer<typeof librarySchema>): { kind: string; source: string } {
  for (const [kind, spec] of Object.entries(library)) {
    if (spec === undefined) continue;
    if (typeof spec === "string") return { kind, source: withoutUserInfo(spec) };
    const name =
      ("package" in spec ? spec.package : undefined) ?? ("coordinates" in spec ? spec.coordinates : undefined) ?? "?";
    return { kind, source: spec.repo ? `${name} (from ${withoutUserInfo(spec.repo)})` : name };
  }
  return { kind: "unknown", source: "" };
}

export async function readClusterLibraries(
  client: ReadOnlyApiClient,
): Promise<{ clusterId: string; libraries: { kind: string; source: string }[] }[]> {
  const body = await getJson(client, "/api/2.0/libraries/all-cluster-statuses", libraryStatusesSchema);
  return (body.statuses ?? []).map((status) => ({
    clusterId: status.cluster_id ?? "",
    libraries: (status.library_statuses ?? []).map((entry) => describeLibrary(entry.library ?? {})),
  }));
}

export async function readSparkVersions(client: ReadOnlyApiClient): Promise<string[]> {
  const body = await getJson(client, "/api/2.1/clusters/spark-versions", sparkVersionsSchema);
  return (body.versions ?? []).map((v) => v.key ?? "").filter(Boolean);
}

/** Global init scripts; each body is read only to fingerprint it, and then dropped. */
export async function readGlobalInitScripts(
  client: ReadOnlyApiClient,
): Promise<{ id: string; name: string; enabled: boolean; fingerprint: string | null }[]> {
  const body = await getJson(client, "/api/2.0/global-init-scripts", globalInitScriptsSchema);
  return Promise.all(
    (body.scripts ?? []).map(async (script) => {
      const id = script.script_id ?? "";
      let print: string | null = null;
      try {
        const path = `/api/2.0/global-init-scripts/${pathId(id, "script id", "GET /api/2.0/global-init-scripts")}`;
        const full = await getJson(client, path, globalInitScriptSchema);
        if (full.script) print = fingerprint(Buffer.from(full.script, "base64").toString("utf8"));
      } catch {
        print = null;
      }
      return { id, name: script.name ?? id, enabled: script.enabled === true, fingerprint: print };
    }),
  );
}
