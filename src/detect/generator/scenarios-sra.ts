/**
 * Attack scenarios of the second detection pack (DET-14 … DET-30, the Databricks SRA alerts' intents),
 * each acting as an identity of its own (actor "extra") so that no other scenario or baseline involves it.
 */
import { CANARIES } from "../../emulator/canaries.ts";
import type { AuditEvent, GeneratedWorkspace } from "./model.ts";
import type { Builder } from "./scenarios.ts";
import { SDK_AGENT } from "./traffic.ts";

const MINUTE = 60_000;
const SYSTEM_USER = "System-User";

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

export const EXTRA_BUILDERS: Builder[] = [
  {
    detection: "DET-14",
    name: "netops.admin",
    actor: "extra",
    hour: 16,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "an admin deletes the workspace's IP access list",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "deleteIpAccessList",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: { ipAccessListId: "7d1c3f0e-4b2a-4f6d-9e8c-1a2b3c4d5e6f" },
        }),
      ],
    }),
  },
  {
    detection: "DET-15",
    name: "account.admin",
    actor: "extra",
    hour: 11,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "an account admin turns off enforced enhanced security monitoring for the account",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "setSetting",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          accountLevel: true,
          params: { settingTypeName: "shield_esm_enablement_ac", settingValueForAudit: '{"is_enforced":false}' },
        }),
      ],
    }),
  },
  {
    detection: "DET-16",
    name: "tos.admin",
    actor: "extra",
    hour: 10,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "an account admin accepts new terms of service",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "acceptTos",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          accountLevel: true,
          params: { workspace_id: who.workspace.id, tosId: "partner-powered-ai" },
        }),
      ],
    }),
  },
  {
    detection: "DET-17",
    name: "rogue.admin",
    actor: "extra",
    hour: 18,
    build: ({ factory, at, who, population }) => ({
      principal: who.email,
      description: "an admin removes another admin from the admins group",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "removePrincipalFromGroup",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: { targetGroupName: "admins", targetUserName: population.admins[0]?.email ?? "" },
        }),
      ],
    }),
  },
  {
    detection: "DET-18",
    name: "self.granter",
    actor: "extra",
    hour: 13,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "a user adds itself to the finance-data group",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "addPrincipalToGroup",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params: { targetGroupName: "finance-data", targetUserName: who.email },
        }),
      ],
    }),
  },
  {
    detection: "DET-19",
    name: "uc.prober",
    actor: "extra",
    hour: 14,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "20 refused requests for temporary table credentials within 20 minutes",
      events: times(20, (i) =>
        factory.make({
          time: at + i * MINUTE,
          workspace: who.workspace,
          service: "unityCatalog",
          action: "generateTemporaryTableCredential",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params: { table_full_name: `main.hr.table_${i}`, operation: "READ" },
          status: 403,
          errorMessage: "PERMISSION_DENIED",
        }),
      ),
    }),
  },
  {
    detection: "DET-20",
    name: "legacy.mounter",
    actor: "extra",
    hour: 9,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "a DBFS mount point created with an account key (in its extra configuration, a canary)",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "dbfs",
          action: "mount",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params: {
            mountPoint: "/mnt/landing",
            source: "wasbs://landing@contosoraw.blob.core.windows.net/",
            extraConfigs: `{"fs.azure.account.key.contosoraw.blob.core.windows.net":"${CANARIES.storageAccountKey}"}`,
          },
        }),
      ],
    }),
  },
  {
    detection: "DET-21",
    name: "sharing.owner",
    actor: "extra",
    hour: 15,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "a Delta Sharing recipient created without an IP access list",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "unityCatalog",
          action: "createRecipient",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: { name: "fabrikam-analytics", authentication_type: "TOKEN" },
        }),
      ],
    }),
  },
  {
    detection: "DET-22",
    name: "metastore.admin",
    actor: "extra",
    hour: 12,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "recipient tokens of the metastore set never to expire",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "unityCatalog",
          action: "updateMetastore",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: who.browser,
          params: {
            metastore_id: "8f1e2d3c-4b5a-4968-8776-655443322110",
            delta_sharing_recipient_token_lifetime_in_seconds: "0",
          },
        }),
      ],
    }),
  },
  {
    detection: "DET-23",
    name: "sharing.recipient",
    actor: "extra",
    hour: 20,
    build: ({ factory, at, who }) => ({
      principal: "fabrikam-partner",
      description: "four Delta Sharing queries refused by the recipient's IP access list",
      events: times(4, (i) =>
        factory.make({
          time: at + i * MINUTE,
          workspace: who.workspace,
          service: "unityCatalog",
          action: "deltaSharingQueryTable",
          email: "fabrikam-partner",
          ip: "203.0.113.200",
          userAgent: "Delta-Sharing-Python/1.1.0",
          params: { recipient_name: "fabrikam-partner", share: "sales-share", is_ip_access_denied: "true" },
          status: 403,
        }),
      ),
    }),
  },
  {
    detection: "DET-24",
    name: "cleanup.saboteur",
    actor: "extra",
    hour: 19,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "60 jobs and clusters deleted within an hour",
      events: times(60, (i) =>
        factory.make({
          time: at + i * MINUTE,
          workspace: who.workspace,
          service: i % 2 ? "jobs" : "clusters",
          action: i % 2 ? "delete" : "permanentDelete",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params: i % 2 ? { job_id: String(1000 + i) } : { cluster_id: `0101-000000-${String(i).padStart(8, "0")}` },
        }),
      ),
    }),
  },
  {
    detection: "DET-25",
    name: "lateral.mover",
    actor: "extra",
    hour: 7,
    build: ({ factory, at, who }) => {
      const workspaces: GeneratedWorkspace[] = times(5, (i) => ({
        id: `77${i}1234567890123`,
        name: `adb-other-${i}`,
        resourceId: `${who.workspace.resourceId.replace(/[^/]+$/, "")}ADB-OTHER-${i}`,
      }));
      return {
        principal: who.email,
        description: "one identity signs in to five workspaces within 50 minutes",
        events: workspaces.map(
          (workspace, i): AuditEvent =>
            factory.make({
              time: at + i * 10 * MINUTE,
              workspace,
              service: "accounts",
              action: "aadTokenLogin",
              email: who.email,
              ip: who.ips[0]!,
              userAgent: SDK_AGENT,
              params: { user: who.email },
            }),
        ),
      };
    },
  },
  {
    detection: "DET-26",
    name: "bulk.copier",
    actor: "extra",
    hour: 17,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "25 tables read and 25 storage paths written within 25 minutes (one clock hour)",
      events: times(50, (i) =>
        factory.make({
          time: at - (at % (60 * MINUTE)) + 20 * MINUTE + i * 30_000,
          workspace: who.workspace,
          service: "unityCatalog",
          action: i % 2 ? "generateTemporaryPathCredential" : "generateTemporaryTableCredential",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          params:
            i % 2
              ? { operation: "PATH_READ_WRITE", url: `abfss://drop@fabrikamexfil.dfs.core.windows.net/out/${i}` }
              : { operation: "READ", table_full_name: `main.finance.table_${i}` },
        }),
      ),
    }),
  },
  {
    detection: "DET-27",
    name: "capsule8",
    actor: "extra",
    hour: 21,
    build: ({ factory, at, who }) => ({
      principal: SYSTEM_USER.toLowerCase(),
      description: "Capsule8 reports an interactive shell on a cluster host",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "capsule8-alerts-dataplane",
          action: "Suspicious Interactive Shell",
          email: SYSTEM_USER,
          ip: "10.139.64.12",
          userAgent: "capsule8",
          params: { instanceId: "4f6a2b9c1d7e4a3b8c5d0e1f2a3b4c5d" },
        }),
      ],
    }),
  },
  {
    detection: "DET-28",
    name: "clamav",
    actor: "extra",
    hour: 22,
    build: ({ factory, at, who }) => ({
      principal: SYSTEM_USER.toLowerCase(),
      description: "ClamAV finds a trojan on a cluster host",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "clamAVScanService-dataplane",
          action: "clamAVScanAction",
          email: SYSTEM_USER,
          ip: "10.139.64.13",
          userAgent: "clamav",
          params: { instanceId: "9a8b7c6d5e4f4a3b2c1d0e9f8a7b6c5d" },
          result: "/local_disk0/tmp/libhelper.so: Unix.Trojan.Mirai-7100807-0 FOUND",
        }),
      ],
    }),
  },
  {
    detection: "DET-29",
    name: "sp.secret.minter",
    actor: "extra",
    hour: 23,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "an OAuth secret created for a service principal (its value, a canary, in the parameters)",
      events: [
        factory.make({
          time: at,
          workspace: who.workspace,
          service: "accounts",
          action: "createServicePrincipalSecret",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: SDK_AGENT,
          accountLevel: true,
          params: { service_principal_id: "5531206128834465", lifetime: "31536000s", secret: CANARIES.clientSecret },
        }),
      ],
    }),
  },
  {
    detection: "DET-30",
    name: "print.debugger",
    actor: "extra",
    hour: 10,
    build: ({ factory, at, who }) => ({
      principal: who.email,
      description: "three notebook commands printing values (one prints a canary password)",
      events: times(3, (i) =>
        factory.make({
          time: at + i * MINUTE,
          workspace: who.workspace,
          service: "notebook",
          action: "runCommand",
          email: who.email,
          ip: who.ips[0]!,
          userAgent: "Databricks-Notebook/15.4",
          params: {
            notebookId: "4242424242",
            commandLanguage: "python",
            status: "finished",
            commandText: i === 1 ? `print("password = ${CANARIES.envPassword}")` : `print(df.count())`,
          },
        }),
      ),
    }),
  },
];
