/**
 * Compute: clusters, jobs (with their clusters and ACLs), cluster policies, instance pools, SQL
 * warehouses, libraries, the runtime versions on offer and global init scripts. Secret-bearing fields (Spark conf and
 * environment values, Docker passwords, Log Analytics keys, init script bodies) never enter evidence:
 * conf values are fingerprinted unless known not to be secret, the rest is not read into it at all.
 */
import { compute } from "@databricks/sdk-experimental";
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
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { getJson, type Json, pagedList, str } from "./http.ts";

const iso = (ms: unknown): string | null => (typeof ms === "number" && ms > 0 ? new Date(ms).toISOString() : null);

function initScriptsOf(list: unknown): { type: string; destination: string }[] {
  return ((list as Json[] | undefined) ?? []).map((info) => {
    for (const [type, value] of Object.entries(info)) {
      const destination = (value as { destination?: string } | undefined)?.destination;
      if (destination !== undefined) return { type, destination };
    }
    return { type: "unknown", destination: "" };
  });
}

export function toCluster(cluster: compute.ClusterDetails): Cluster {
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

export async function readClusters(client: ReadOnlyApiClient): Promise<Cluster[]> {
  const clusters: Cluster[] = [];
  for await (const cluster of new compute.ClustersService(client).list({ page_size: 100 }))
    clusters.push(toCluster(cluster));
  return clusters;
}

function aclOf(body: Json): AclEntry[] {
  return ((body.access_control_list as Json[] | undefined) ?? []).map((entry) => {
    const group = str(entry.group_name);
    const sp = str(entry.service_principal_name);
    return {
      principal: group ?? sp ?? str(entry.user_name) ?? str(entry.display_name) ?? "?",
      principalType: group ? "group" : sp ? "servicePrincipal" : "user",
      permissions: ((entry.all_permissions as Json[] | undefined) ?? []).map((p) => ({
        level: str(p.permission_level) ?? "?",
        inherited: p.inherited === true,
      })),
    };
  });
}

export async function readPermissions(client: ReadOnlyApiClient, objectType: string, id: string): Promise<AclEntry[]> {
  return aclOf(await getJson(client, `/api/2.0/permissions/${objectType}/${encodeURIComponent(id)}`));
}

function jobCluster(key: string, spec: Json): JobCluster {
  return {
    key,
    sparkVersion: str(spec.spark_version),
    accessMode: str(spec.data_security_mode),
    policyId: str(spec.policy_id),
    localDiskEncryption:
      typeof spec.enable_local_disk_encryption === "boolean" ? spec.enable_local_disk_encryption : null,
    tags: { ...((spec.custom_tags as Record<string, string> | undefined) ?? {}) },
    initScripts: initScriptsOf(spec.init_scripts),
    sparkConf: redactConfMap(spec.spark_conf as Record<string, unknown> | undefined),
    sparkEnvVars: redactConfMap(spec.spark_env_vars as Record<string, unknown> | undefined),
  };
}

const active = (block: unknown) => block !== undefined && block !== null && (block as Json).pause_status !== "PAUSED";

/** Jobs with their clusters; the ACL of each of the first `maxAcls` jobs (one request per job). */
export async function readJobs(client: ReadOnlyApiClient, maxAcls = 200): Promise<Job[]> {
  const jobs = await pagedList<Json>(client, "/api/2.2/jobs/list", "jobs", { expand_tasks: true, limit: 100 });
  return Promise.all(
    jobs.map(async (job, index): Promise<Job> => {
      const settings = (job.settings as Json | undefined) ?? {};
      const runAs = settings.run_as as Json | undefined;
      const clusters: JobCluster[] = [
        ...((settings.job_clusters as Json[] | undefined) ?? []).map((c) =>
          jobCluster(str(c.job_cluster_key) ?? "job_cluster", (c.new_cluster as Json | undefined) ?? {}),
        ),
        ...((settings.tasks as Json[] | undefined) ?? [])
          .filter((t) => t.new_cluster)
          .map((t) => jobCluster(`task ${str(t.task_key) ?? "?"}`, t.new_cluster as Json)),
      ];
      const id = str(job.job_id) ?? "";
      let permissions: AclEntry[] | null = null;
      if (index < maxAcls) {
        try {
          permissions = await readPermissions(client, "jobs", id);
        } catch {
          permissions = null; // the ACL stays unknown for this job; checks that need it say so
        }
      }
      return {
        id,
        name: str(settings.name) ?? id,
        creator: str(job.creator_user_name),
        runAs: str(job.run_as_user_name) ?? str(runAs?.user_name) ?? str(runAs?.service_principal_name),
        unattended: active(settings.schedule) || active(settings.continuous) || active(settings.trigger),
        clusters,
        permissions,
      };
    }),
  );
}

export async function readClusterPolicies(client: ReadOnlyApiClient): Promise<ClusterPolicy[]> {
  const body = await getJson(client, "/api/2.0/policies/clusters/list");
  const policies = (body.policies as Json[] | undefined) ?? [];
  return Promise.all(
    policies.map(async (policy): Promise<ClusterPolicy> => {
      const id = str(policy.policy_id) ?? "";
      let definition: ClusterPolicy["definition"] = {};
      try {
        // The definition is a JSON document inside a string.
        definition = redactPolicyDefinition(JSON.parse(str(policy.definition) ?? "{}") as ClusterPolicy["definition"]);
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
        name: str(policy.name) ?? id,
        definition,
        familyId: str(policy.policy_family_id),
        isDefault: policy.is_default === true,
        users,
      };
    }),
  );
}

export async function readInstancePools(client: ReadOnlyApiClient): Promise<InstancePool[]> {
  const body = await getJson(client, "/api/2.0/instance-pools/list");
  return ((body.instance_pools as Json[] | undefined) ?? []).map((pool) => ({
    id: str(pool.instance_pool_id) ?? "",
    name: str(pool.instance_pool_name) ?? "",
    tags: { ...((pool.custom_tags as Record<string, string> | undefined) ?? {}) },
  }));
}

const num = (value: unknown): number | null => (typeof value === "number" ? value : null);
const bool = (value: unknown): boolean | null => (typeof value === "boolean" ? value : null);

/** A warehouse's custom tags: `tags.custom_tags` is a list of {key, value} pairs. */
function warehouseTags(tags: unknown): Record<string, string> {
  const pairs = ((tags as Json | undefined)?.custom_tags as Json[] | undefined) ?? [];
  const out: Record<string, string> = {};
  for (const pair of pairs) {
    const key = str(pair.key);
    if (key) out[key] = str(pair.value) ?? "";
  }
  return out;
}

export function toSqlWarehouse(warehouse: Json): SqlWarehouse {
  return {
    id: str(warehouse.id) ?? "",
    name: str(warehouse.name) ?? "",
    warehouseType: str(warehouse.warehouse_type),
    serverless: bool(warehouse.enable_serverless_compute),
    clusterSize: str(warehouse.cluster_size),
    autoStopMinutes: num(warehouse.auto_stop_mins),
    maxNumClusters: num(warehouse.max_num_clusters),
    channel: str((warehouse.channel as Json | undefined)?.name),
    creatorName: str(warehouse.creator_name),
    tags: warehouseTags(warehouse.tags),
    state: str(warehouse.state),
  };
}

/**
 * SQL warehouses. The list used to come in one response; the API now documents page_size/page_token, so
 * the token is followed when the server sends one. Connection details (JDBC URL, ODBC params) are not kept.
 */
export async function readSqlWarehouses(client: ReadOnlyApiClient, pageSize = 100): Promise<SqlWarehouse[]> {
  return (await pagedList<Json>(client, "/api/2.0/sql/warehouses", "warehouses", { page_size: pageSize })).map(
    toSqlWarehouse,
  );
}

/** Removes credentials embedded in URLs (https://user:pass@host/…). */
const withoutUserInfo = (url: string) => url.replace(/\/\/[^/@\s]+@/, "//");

function describeLibrary(library: Json): { kind: string; source: string } {
  for (const [kind, spec] of Object.entries(library)) {
    if (typeof spec === "string") return { kind, source: withoutUserInfo(spec) };
    const s = spec as Json;
    const name = str(s.package) ?? str(s.coordinates) ?? "?";
    const repo = str(s.repo);
    return { kind, source: repo ? `${name} (from ${withoutUserInfo(repo)})` : name };
  }
  return { kind: "unknown", source: "" };
}

export async function readClusterLibraries(
  client: ReadOnlyApiClient,
): Promise<{ clusterId: string; libraries: { kind: string; source: string }[] }[]> {
  const body = await getJson(client, "/api/2.0/libraries/all-cluster-statuses");
  return ((body.statuses as Json[] | undefined) ?? []).map((status) => ({
    clusterId: str(status.cluster_id) ?? "",
    libraries: ((status.library_statuses as Json[] | undefined) ?? []).map((entry) =>
      describeLibrary((entry.library as Json | undefined) ?? {}),
    ),
  }));
}

export async function readSparkVersions(client: ReadOnlyApiClient): Promise<string[]> {
  const body = await getJson(client, "/api/2.1/clusters/spark-versions");
  return ((body.versions as Json[] | undefined) ?? []).map((v) => str(v.key) ?? "").filter(Boolean);
}

/** Global init scripts; each body is read only to fingerprint it, and then dropped. */
export async function readGlobalInitScripts(
  client: ReadOnlyApiClient,
): Promise<{ id: string; name: string; enabled: boolean; fingerprint: string | null }[]> {
  const body = await getJson(client, "/api/2.0/global-init-scripts");
  return Promise.all(
    ((body.scripts as Json[] | undefined) ?? []).map(async (script) => {
      const id = str(script.script_id) ?? "";
      let print: string | null = null;
      try {
        const full = await getJson(client, `/api/2.0/global-init-scripts/${encodeURIComponent(id)}`);
        const encoded = str(full.script);
        if (encoded) print = fingerprint(Buffer.from(encoded, "base64").toString("utf8"));
      } catch {
        print = null;
      }
      return { id, name: str(script.name) ?? id, enabled: script.enabled === true, fingerprint: print };
    }),
  );
}
