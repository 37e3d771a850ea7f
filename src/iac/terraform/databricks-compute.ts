/**
 * Compute declared with the Databricks provider: clusters, jobs (their job and task clusters, run_as,
 * schedule), cluster policies and who may use them, instance pools and SQL warehouses; and the token
 * permissions, which are one more databricks_permissions resource.
 */
import type {
  AclEntry,
  Cluster,
  ClusterPolicy,
  DatabricksWorkspace,
  JobCluster,
  SqlWarehouse,
} from "../../evidence/model.ts";
import { redactConfEntry, redactPolicyDefinition } from "../../redact/fingerprint.ts";
import { DATABRICKS_CLUSTER_DEFAULTS, DATABRICKS_SQL_ENDPOINT_DEFAULTS } from "../defaults.ts";
import { declared, notDeclarable } from "../evidence.ts";
import {
  asBool,
  asNumber,
  asString,
  findUnresolved,
  isMap,
  isUnresolved,
  Unresolved,
  type Value,
  type ValueMap,
} from "../hcl/value.ts";
import type { BlockView, ResourceInstance } from "./config.ts";
import { type DatabricksScope, DECLARED_ONLY } from "./databricks-scope.ts";
import { loc, refersTo, show } from "./refs.ts";

export function mapCompute(scope: DatabricksScope, out: DatabricksWorkspace): void {
  const { of, listFact } = scope;
  const declaredOnly = DECLARED_ONLY;
  // Permissions resources by what they govern.
  const permissions = of("databricks_permissions").filter((r) => r.exists === true);
  const aclOf = (r: ResourceInstance): AclEntry[] =>
    r.view.blocks("access_control").views.map((a) => {
      const v = a.toValue();
      const [principal, type] = asString(v.group_name ?? null)
        ? [asString(v.group_name ?? null)!, "group" as const]
        : asString(v.service_principal_name ?? null)
          ? [asString(v.service_principal_name ?? null)!, "servicePrincipal" as const]
          : [show(v.user_name) ?? "", "user" as const];
      return {
        principal,
        principalType: type,
        permissions: [{ level: asString(v.permission_level ?? null) ?? "", inherited: false }],
      };
    });
  const tokenAcl = permissions.find((r) => asString(r.view.attr("authorization") ?? null) === "tokens");
  out.tokenPermissions = tokenAcl
    ? declared(aclOf(tokenAcl), `terraform: ${tokenAcl.address}`, loc(tokenAcl.view, "authorization"))
    : notDeclarable(
        'token permissions are not declared (no databricks_permissions with authorization = "tokens")',
        "terraform: databricks_permissions",
      );
  const permissionsFor = (attr: string, target: ResourceInstance) =>
    permissions.filter((p) => refersTo(p.view.attr(attr), target));

  const conf_ = (map: Value | undefined) => {
    if (map === undefined || map === null) return [];
    if (!isMap(map)) return new Unresolved(isUnresolved(map) ? map.reason : "not a map");
    const problem = findUnresolved(map);
    if (problem && !Object.values(map).every((x) => !isUnresolved(x) || x.ref)) return problem;
    return Object.entries(map).map(([k, v]) =>
      redactConfEntry(k, isUnresolved(v) ? `\${${show(v)}}` : (asString(v) ?? JSON.stringify(v))),
    );
  };
  const initScripts = (view: BlockView) =>
    view
      .blocks("init_scripts")
      .views.flatMap((s) =>
        ["dbfs", "workspace", "volumes", "abfss", "file", "s3", "gcs"].flatMap((kind) =>
          s.blocks(kind).views.map((d) => ({ type: kind, destination: show(d.attr("destination")) ?? "" })),
        ),
      );
  const tagsOf = (v: Value | undefined): Record<string, string> =>
    isMap(v ?? null)
      ? Object.fromEntries(Object.entries(v as ValueMap).map(([k, x]) => [k, asString(x) ?? show(x) ?? ""]))
      : {};
  const clusterSpec = (view: BlockView): JobCluster | Unresolved => {
    const sparkConf = conf_(view.attr("spark_conf"));
    const env = conf_(view.attr("spark_env_vars"));
    if (isUnresolved(sparkConf)) return sparkConf;
    if (isUnresolved(env)) return env;
    return {
      key: "",
      sparkVersion: show(view.attr("spark_version")),
      accessMode: show(view.attr("data_security_mode")),
      policyId: show(view.attr("policy_id")),
      // Optional and computed in the databricks provider; Azure clusters start without it.
      localDiskEncryption: view.has("enable_local_disk_encryption")
        ? (asBool(view.attr("enable_local_disk_encryption") ?? null) ?? null)
        : DATABRICKS_CLUSTER_DEFAULTS.enable_local_disk_encryption,
      tags: tagsOf(view.attr("custom_tags")),
      initScripts: initScripts(view),
      sparkConf,
      sparkEnvVars: env,
    };
  };

  // autotermination_minutes that depends on the world: the cluster is kept (its other settings still judge)
  // with the provider default, and the list is partial so no pass rests on the guess.
  const unknownTermination: string[] = [];
  const autotermination = (view: BlockView, address: string): number => {
    if (!view.has("autotermination_minutes")) return DATABRICKS_CLUSTER_DEFAULTS.autotermination_minutes;
    const value = view.attr("autotermination_minutes") ?? null;
    const minutes = isUnresolved(value) ? undefined : asNumber(value);
    if (minutes === undefined) {
      unknownTermination.push(
        `${address}.autotermination_minutes (${isUnresolved(value) ? value.reason : "not a number"})`,
      );
      return DATABRICKS_CLUSTER_DEFAULTS.autotermination_minutes;
    }
    return minutes;
  };
  const clusters = listFact<Cluster>(
    "databricks_cluster",
    () => {
      const clusters: Cluster[] = [];
      for (const r of of("databricks_cluster")) {
        const spec = clusterSpec(r.view);
        if (isUnresolved(spec)) return new Unresolved(`${r.address}: ${spec.reason}`);
        clusters.push({
          id: r.address,
          name: asString(r.view.attr("cluster_name") ?? null) ?? r.address,
          state: null,
          source: "API",
          accessMode: spec.accessMode,
          singleUserName: show(r.view.attr("single_user_name")),
          sparkVersion: spec.sparkVersion,
          creator: null,
          startTime: null,
          lastRestartedTime: null,
          autoterminationMinutes: autotermination(r.view, r.address),
          policyId: spec.policyId,
          localDiskEncryption: spec.localDiskEncryption,
          tags: spec.tags,
          initScripts: spec.initScripts,
          sparkConf: spec.sparkConf,
          sparkEnvVars: spec.sparkEnvVars,
        });
      }
      return clusters;
    },
    `${declaredOnly}; autotermination_minutes not declared is the provider default (${DATABRICKS_CLUSTER_DEFAULTS.autotermination_minutes})`,
  );
  out.clusters =
    clusters.status === "known" && unknownTermination.length
      ? { ...clusters, partial: `not known: ${unknownTermination.join("; ")}` }
      : clusters;

  out.jobs = listFact(
    "databricks_job",
    () => {
      const jobs = [];
      for (const r of of("databricks_job")) {
        const clusters: JobCluster[] = [];
        for (const jc of r.view.blocks("job_cluster").views) {
          const spec = jc.blocks("new_cluster").views[0];
          if (!spec) continue;
          const c = clusterSpec(spec);
          if (isUnresolved(c)) return new Unresolved(`${r.address}: ${c.reason}`);
          clusters.push({ ...c, key: asString(jc.attr("job_cluster_key") ?? null) ?? "" });
        }
        for (const task of r.view.blocks("task").views) {
          const spec = task.blocks("new_cluster").views[0];
          if (!spec) continue;
          const c = clusterSpec(spec);
          if (isUnresolved(c)) return new Unresolved(`${r.address}: ${c.reason}`);
          clusters.push({ ...c, key: asString(task.attr("task_key") ?? null) ?? "" });
        }
        const runAs = r.view.blocks("run_as").views[0]?.toValue();
        const acl = permissionsFor("job_id", r);
        jobs.push({
          id: r.address,
          name: asString(r.view.attr("name") ?? null) ?? r.address,
          creator: null,
          runAs: runAs ? (show(runAs.service_principal_name) ?? show(runAs.user_name)) : null,
          unattended: ["schedule", "continuous", "trigger"].some((b) => r.view.blocks(b).views.length > 0),
          clusters,
          permissions: acl.flatMap(aclOf),
        });
      }
      return jobs;
    },
    `${declaredOnly}; a job without databricks_permissions keeps the default ACL (its owner and the admins)`,
  );

  out.clusterPolicies = listFact<ClusterPolicy>(
    "databricks_cluster_policy",
    () => {
      const policies: ClusterPolicy[] = [];
      for (const r of of("databricks_cluster_policy")) {
        const definition = r.view.attr("definition");
        let parsed: Record<string, Record<string, unknown>> = {};
        if (isUnresolved(definition)) return new Unresolved(`${r.address}.definition: ${definition.reason}`);
        if (typeof definition === "string") {
          try {
            parsed = JSON.parse(definition) as Record<string, Record<string, unknown>>;
          } catch {
            return new Unresolved(`${r.address}.definition is not valid JSON`);
          }
        }
        const users = permissionsFor("cluster_policy_id", r)
          .flatMap(aclOf)
          .filter((e) => e.permissions.some((p) => p.level === "CAN_USE"))
          .map((e) => e.principal);
        policies.push({
          id: r.address,
          name: asString(r.view.attr("name") ?? null) ?? r.address,
          // Fixed values can be credentials: the same redaction as a live read.
          definition: redactPolicyDefinition(parsed as ClusterPolicy["definition"]),
          familyId: show(r.view.attr("policy_family_id")),
          isDefault: false,
          users,
        });
      }
      return policies;
    },
    declaredOnly,
  );

  out.instancePools = listFact(
    "databricks_instance_pool",
    () =>
      of("databricks_instance_pool").map((r) => ({
        id: r.address,
        name: asString(r.view.attr("instance_pool_name") ?? null) ?? r.address,
        tags: tagsOf(r.view.attr("custom_tags")),
      })),
    declaredOnly,
  );

  out.sqlWarehouses = listFact<SqlWarehouse>(
    "databricks_sql_endpoint",
    () => {
      const warehouses: SqlWarehouse[] = [];
      for (const r of of("databricks_sql_endpoint")) {
        const v = r.view;
        const tags: Record<string, string> = {};
        for (const tagBlock of v.blocks("tags").views) {
          const pairs = tagBlock.blocks("custom_tags");
          if (pairs.uncertain) return new Unresolved(`${r.address}.tags: ${pairs.uncertain.reason}`);
          for (const pair of pairs.views) {
            const key = pair.attr("key");
            if (isUnresolved(key)) return new Unresolved(`${r.address}.tags.custom_tags.key: ${key.reason}`);
            const value = pair.attr("value");
            if (typeof key === "string") tags[key] = asString(value ?? null) ?? show(value) ?? "";
          }
        }
        const optional = <T>(attr: string, convert: (x: Value) => T | undefined, fallback: T | null): T | null => {
          if (!v.has(attr)) return fallback;
          const raw = v.attr(attr) ?? null;
          return isUnresolved(raw) ? null : (convert(raw) ?? null);
        };
        warehouses.push({
          id: r.address,
          name: asString(v.attr("name") ?? null) ?? r.address,
          // Both depend on the workspace when not declared (serverless by default where it is enabled).
          warehouseType: optional("warehouse_type", asString, null),
          serverless: optional("enable_serverless_compute", asBool, null),
          clusterSize: optional("cluster_size", asString, null),
          autoStopMinutes: optional("auto_stop_mins", asNumber, DATABRICKS_SQL_ENDPOINT_DEFAULTS.auto_stop_mins),
          maxNumClusters: optional("max_num_clusters", asNumber, DATABRICKS_SQL_ENDPOINT_DEFAULTS.max_num_clusters),
          channel: show(v.blocks("channel").views[0]?.attr("name")) ?? null,
          creatorName: null,
          tags,
          state: null,
        });
      }
      return warehouses;
    },
    `${declaredOnly}; auto_stop_mins not declared is the provider default (${DATABRICKS_SQL_ENDPOINT_DEFAULTS.auto_stop_mins})`,
  );
}
