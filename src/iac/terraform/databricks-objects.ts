/**
 * The workspace's other declared objects (secret scopes with their ACLs, global init scripts, DBFS mounts
 * and files), its identities (groups, users, service principals and their entitlements) and Unity Catalog
 * (metastore assignment, credentials, locations, catalogs, artifact allowlists), and Git folders.
 */
import { createHash } from "node:crypto";
import type { Catalog, DatabricksWorkspace, ScimGroup, SecretScope } from "../../evidence/model.ts";
import { DATABRICKS_CATALOG_DEFAULTS } from "../defaults.ts";
import { declared, defaulted, notDeclarable } from "../evidence.ts";
import { asBool, asNumber, asString, isUnresolved, Unresolved, type Value } from "../hcl/value.ts";
import type { BlockView } from "./config.ts";
import { type DatabricksScope, DECLARED_ONLY } from "./databricks-scope.ts";
import { loc, refersTo, show } from "./refs.ts";

export function mapWorkspaceObjects(scope: DatabricksScope, out: DatabricksWorkspace): void {
  const { of, listFact, mapper } = scope;
  const declaredOnly = DECLARED_ONLY;
  out.secretScopes = listFact<SecretScope>(
    ["databricks_secret_scope", "databricks_secret_acl"],
    () => {
      const scopes: SecretScope[] = [];
      for (const r of of("databricks_secret_scope")) {
        const name = asString(r.view.attr("name") ?? null) ?? r.address;
        const meta = r.view.blocks("keyvault_metadata").views[0];
        const acls = of("databricks_secret_acl")
          .filter((a) => refersTo(a.view.attr("scope"), r) || asString(a.view.attr("scope") ?? null) === name)
          .map((a): { principal: string; permission: "READ" | "WRITE" | "MANAGE" } => {
            const p = asString(a.view.attr("permission") ?? null);
            return {
              principal: show(a.view.attr("principal")) ?? "",
              permission: p === "WRITE" || p === "MANAGE" ? p : ("READ" as const),
            };
          });
        // initial_manage_principal = "users" (the only value the API accepts) gives every workspace user
        // MANAGE on the scope (docs/resources/secret_scope.md), as a live ACL read shows it.
        const initial = r.view.attr("initial_manage_principal");
        if (isUnresolved(initial)) return new Unresolved(`${r.address}.initial_manage_principal: ${initial.reason}`);
        const initialPrincipal = asString(initial ?? null);
        if (initialPrincipal) acls.unshift({ principal: initialPrincipal, permission: "MANAGE" });
        scopes.push({
          name,
          backend: meta ? "AZURE_KEYVAULT" : "DATABRICKS",
          keyVaultResourceId: meta ? mapper.vaultId(meta.attr("resource_id")) : null,
          acls: declared(
            acls,
            `terraform: databricks_secret_acl → ${r.address}`,
            loc(r.view),
            "the scope's creator holds MANAGE; other grants are initial_manage_principal and the declared databricks_secret_acl resources",
          ),
        });
      }
      return scopes;
    },
    declaredOnly,
  );

  out.globalInitScripts = listFact(
    "databricks_global_init_script",
    () =>
      of("databricks_global_init_script").map((r) => {
        const content = r.view.attr("content_base64") ?? r.view.attr("source");
        const text = asString(content ?? null);
        return {
          id: r.address,
          name: asString(r.view.attr("name") ?? null) ?? r.address,
          enabled: asBool(r.view.attr("enabled") ?? true) ?? true,
          fingerprint: text
            ? `sha256:${createHash("sha256").update("lakeward\0").update(text).digest("hex").slice(0, 16)}`
            : null,
        };
      }),
    declaredOnly,
  );

  out.dbfs = {
    mounts: listFact(
      "databricks_mount",
      () => of("databricks_mount").map((r) => `/mnt/${asString(r.view.attr("name") ?? null) ?? r.name}`),
      declaredOnly,
    ),
    hiveWarehouse: notDeclarable("DBFS contents are not declared in the configuration", "terraform"),
    initScripts: listFact(
      "databricks_dbfs_file",
      () =>
        of("databricks_dbfs_file")
          .map((r) => asString(r.view.attr("path") ?? null) ?? "")
          .filter((p) => p.replace(/^dbfs:/, "").startsWith("/databricks/init")),
      "files this configuration writes under /databricks/init; files written otherwise are not visible",
    ),
  };
}

export function mapIdentities(scope: DatabricksScope, out: DatabricksWorkspace): void {
  const { of, listFact, mapper } = scope;
  const declaredOnly = DECLARED_ONLY;
  // Identity: declared groups, users and service principals with their entitlements.
  const entitlementsFor = (target: (v: Value | undefined) => boolean) =>
    of("databricks_entitlements").filter(
      (e) =>
        target(e.view.attr("group_id")) ||
        target(e.view.attr("user_id")) ||
        target(e.view.attr("service_principal_id")),
    );
  const entitlementList = (view: BlockView, base_: string[]) => {
    const out_ = new Set(base_);
    const flags: [string, string][] = [
      ["allow_cluster_create", "allow-cluster-create"],
      ["allow_instance_pool_create", "allow-instance-pool-create"],
      ["databricks_sql_access", "databricks-sql-access"],
      ["workspace_access", "workspace-access"],
    ];
    for (const [attr, name] of flags) {
      const v = view.attr(attr);
      if (v === undefined) continue;
      if (asBool(v)) out_.add(name);
      else out_.delete(name);
    }
    return [...out_];
  };
  const usersData = (v: Value | undefined) =>
    isUnresolved(v) && !!v.ref && /data\.databricks_group\.[^.]+$/.test(v.ref);
  const builtInUsers = entitlementsFor((v) => {
    if (!usersData(v)) return false;
    const data = (v as Unresolved).ref!;
    const block = mapper.root.blocks("data").find((b) => `data.${b.labels[0]}.${b.labels[1]}` === data);
    const name = block
      ? asString(
          mapper.root.evaluator.evaluate(
            block.body.attributes.get("display_name")?.expr ?? { kind: "literal", value: null, line: 1 },
          ),
        )
      : undefined;
    return name === "users";
  });
  if (builtInUsers.length === 0)
    out.groups = notDeclarable(
      'the entitlements of the built-in users group are not declared (databricks_entitlements for data.databricks_group "users"); a new workspace\'s defaults vary',
      "terraform: databricks_entitlements",
    );
  else {
    const groups: ScimGroup[] = [
      {
        id: "users",
        displayName: "users",
        externalId: null,
        entitlements: entitlementList(builtInUsers[0]!.view, ["workspace-access", "databricks-sql-access"]),
        memberCount: 0,
      },
    ];
    for (const g of of("databricks_group")) {
      const extra = entitlementsFor((v) => refersTo(v, g));
      let entitlements = entitlementList(g.view, []);
      for (const e of extra) entitlements = entitlementList(e.view, entitlements);
      groups.push({
        id: g.address,
        displayName: asString(g.view.attr("display_name") ?? null) ?? g.address,
        externalId: show(g.view.attr("external_id")),
        entitlements,
        memberCount: 0,
      });
    }
    out.groups = declared(
      groups,
      "terraform: databricks_entitlements, databricks_group",
      loc(builtInUsers[0]!.view),
      declaredOnly,
    );
  }
  out.users = listFact(
    "databricks_user",
    () =>
      of("databricks_user").map((u) => {
        let entitlements = entitlementList(u.view, ["workspace-access"]);
        for (const e of entitlementsFor((v) => refersTo(v, u))) entitlements = entitlementList(e.view, entitlements);
        return {
          id: u.address,
          userName: asString(u.view.attr("user_name") ?? null) ?? u.address,
          active: asBool(u.view.attr("active") ?? true) ?? true,
          externalId: show(u.view.attr("external_id")),
          entitlements,
          groups: [],
        };
      }),
    declaredOnly,
  );
  out.servicePrincipals = listFact(
    "databricks_service_principal",
    () =>
      of("databricks_service_principal").map((sp) => {
        let entitlements = entitlementList(sp.view, []);
        for (const e of entitlementsFor((v) => refersTo(v, sp))) entitlements = entitlementList(e.view, entitlements);
        return {
          id: sp.address,
          applicationId: show(sp.view.attr("application_id")) ?? sp.address,
          displayName: asString(sp.view.attr("display_name") ?? null) ?? sp.address,
          active: asBool(sp.view.attr("active") ?? true) ?? true,
          entitlements,
        };
      }),
    declaredOnly,
  );
  out.admins = notDeclarable(
    "the members of the admins group are not declared (workspace admins are often added outside Terraform)",
    "terraform",
  );
}

export function mapUnityCatalog(scope: DatabricksScope, out: DatabricksWorkspace): void {
  const { of, listFact, mapper, anchor } = scope;
  const declaredOnly = DECLARED_ONLY;
  // Unity Catalog.
  const assignment = of("databricks_metastore_assignment")[0];
  if (assignment) {
    const metastoreRef = assignment.view.attr("metastore_id");
    out.unityCatalog.assignment = declared(
      {
        metastoreId: show(metastoreRef) ?? "metastore",
        defaultCatalog: asString(assignment.view.attr("default_catalog_name") ?? null) ?? null,
      },
      `terraform: ${assignment.address}`,
      loc(assignment.view),
    );
    const metastore = isUnresolved(metastoreRef) && metastoreRef.ref ? mapper.byAddress(metastoreRef.ref) : undefined;
    if (metastore?.type === "databricks_metastore") {
      out.unityCatalog.metastore = declared(
        {
          id: metastore.address,
          name: asString(metastore.view.attr("name") ?? null) ?? metastore.address,
          owner: show(metastore.view.attr("owner")),
          storageRoot: show(metastore.view.attr("storage_root")),
          deltaSharingScope: asString(metastore.view.attr("delta_sharing_scope") ?? null) ?? null,
          recipientTokenLifetimeSeconds:
            asNumber(metastore.view.attr("delta_sharing_recipient_token_lifetime_in_seconds") ?? null) ?? null,
        },
        `terraform: ${metastore.address}`,
        loc(metastore.view),
      );
    }
  } else
    out.unityCatalog.assignment = notDeclarable(
      "no databricks_metastore_assignment is declared; Azure may assign the region's metastore automatically",
      "terraform: databricks_metastore_assignment",
    );
  out.unityCatalog.storageCredentials = listFact(
    "databricks_storage_credential",
    () =>
      of("databricks_storage_credential").map((r) => ({
        name: asString(r.view.attr("name") ?? null) ?? r.address,
        kind: r.view.blocks("azure_managed_identity").views.length
          ? ("managed-identity" as const)
          : r.view.blocks("azure_service_principal").views.length
            ? ("service-principal" as const)
            : ("other" as const),
        owner: show(r.view.attr("owner")),
      })),
    declaredOnly,
  );
  out.unityCatalog.externalLocations = listFact(
    "databricks_external_location",
    () =>
      of("databricks_external_location").map((r) => ({
        name: asString(r.view.attr("name") ?? null) ?? r.address,
        url: show(r.view.attr("url")) ?? "",
        credential: show(r.view.attr("credential_name")) ?? "",
      })),
    declaredOnly,
  );
  out.unityCatalog.catalogs = listFact<Catalog>(
    "databricks_catalog",
    () =>
      of("databricks_catalog").map((r) => {
        const v = r.view;
        return {
          name: asString(v.attr("name") ?? null) ?? r.address,
          owner: show(v.attr("owner")),
          catalogType: v.has("provider_name")
            ? "DELTASHARING_CATALOG"
            : v.has("connection_name")
              ? "FOREIGN_CATALOG"
              : "MANAGED_CATALOG",
          isolationMode: v.has("isolation_mode")
            ? show(v.attr("isolation_mode"))
            : DATABRICKS_CATALOG_DEFAULTS.isolation_mode,
          storageRoot: show(v.attr("storage_root")),
        };
      }),
    `${declaredOnly}; isolation_mode not declared is ${DATABRICKS_CATALOG_DEFAULTS.isolation_mode} (the provider default)`,
  );
  const allowlists = of("databricks_artifact_allowlist");
  // Not declared: the platform default, an empty allowlist (only admins may add artifacts).
  const lists: Record<string, string[]> = { INIT_SCRIPT: [], LIBRARY_JAR: [], LIBRARY_MAVEN: [] };
  for (const r of allowlists)
    lists[asString(r.view.attr("artifact_type") ?? null) ?? r.name] = r.view
      .blocks("artifact_matcher")
      .views.map((m) => show(m.attr("artifact")) ?? "");
  out.unityCatalog.artifactAllowlists = allowlists.length
    ? declared(
        lists,
        "terraform: databricks_artifact_allowlist",
        loc(allowlists[0]!.view),
        "types not declared keep the empty default",
      )
    : defaulted(
        lists,
        "terraform: databricks_artifact_allowlist",
        anchor,
        "no databricks_artifact_allowlist declared: the allowlists stay empty (the platform default)",
      );
  out.repos = listFact(
    "databricks_repo",
    () =>
      of("databricks_repo").map((r) => ({
        id: r.address,
        path: show(r.view.attr("path")) ?? "",
        url: show(r.view.attr("url")),
        provider: show(r.view.attr("git_provider")),
      })),
    declaredOnly,
  );
}
