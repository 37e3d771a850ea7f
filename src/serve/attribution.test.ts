/**
 * Who changed it: each kind of changed setting (from the real evidence diff) joined to the audit event that
 * made it — workspace-conf, settings API, IP access lists, tokens, token permissions, cluster policies —
 * and never to an event of another kind, another workspace, or a failed request's absence of one.
 */
import { describe, expect, it } from "vitest";
import { conf, goodEvidence } from "../../test/support/evidence.ts";
import { evidenceChanges } from "../diff/canonical.ts";
import type { WorkspaceEvidence } from "../evidence/model.ts";
import { type AuditChangeEvent, attribute } from "./attribution.ts";

const WORKSPACE = { workspaceId: "1", resourceId: goodEvidence().workspace.resourceId };

function event(
  service: string,
  action: string,
  principal: string,
  params: Record<string, string> = {},
  workspace = "1",
) {
  return {
    time: "2026-11-20T05:00:00.000Z",
    workspace,
    service,
    action,
    principal,
    sourceIp: "198.51.100.7",
    requestId: `req-${principal}`,
    params,
  } satisfies AuditChangeEvent;
}

/** The actor attributed to the change at `path` when `after` is the evidence and `events` the audit window. */
function actorOf(change: (e: WorkspaceEvidence) => void, events: AuditChangeEvent[]): Record<string, string | null> {
  const after = goodEvidence();
  change(after);
  const changes = evidenceChanges(goodEvidence(), after);
  expect(changes.length).toBeGreaterThan(0);
  return Object.fromEntries(attribute(changes, events, WORKSPACE).map((c) => [c.path, c.actor]));
}

const d = (e: WorkspaceEvidence) =>
  e.databricks as unknown as Record<string, { value: Record<string, unknown>[] }> & {
    settings: Record<string, { value: unknown }>;
  };

describe("attribution of changed settings to audit events", () => {
  it("workspace-conf: the edit of that key, not of another key", () => {
    const actors = actorOf(
      (e) => conf(e, "enableIpAccessLists", "false"),
      [
        event("workspace", "workspaceConfEdit", "mallory", { workspaceConfKeys: "enableIpAccessLists" }),
        event("workspace", "workspaceConfEdit", "bob", { workspaceConfKeys: "enableTokensConfig" }),
      ],
    );
    expect(actors).toEqual({ "databricks.workspaceConf.enableIpAccessLists": "mallory" });
  });

  it("settings API: the setting named by type or key; another setting's change is not it", () => {
    const change = (e: WorkspaceEvidence) => {
      d(e).settings.restrictWorkspaceAdmins!.value = "ALLOW_ALL";
    };
    const path = "databricks.settings.restrictWorkspaceAdmins";
    expect(
      actorOf(change, [
        event("settings", "setSetting", "alice", { settingTypeName: "RestrictWorkspaceAdminsSetting" }),
      ]),
    ).toEqual({ [path]: "alice" });
    expect(
      actorOf(change, [event("settings", "updateSetting", "carol", { settingTypeName: "restrict_workspace_admins" })]),
    ).toEqual({ [path]: "carol" });
    expect(
      actorOf(change, [event("settings", "setSetting", "dave", { settingTypeName: "AutomaticClusterUpdateSetting" })]),
    ).toEqual({ [path]: null });
  });

  it("IP access lists: an IP access list action; a token action is not it", () => {
    const actors = actorOf(
      (e) => {
        d(e).ipAccessLists!.value[0]!.addresses = ["0.0.0.0/0"];
      },
      [
        event("accounts", "updateIpAccessList", "erin", { ipAccessListId: "1" }),
        event("accounts", "generateDbToken", "frank"),
      ],
    );
    expect(actors).toEqual({ "databricks.ipAccessLists[id=1].addresses": "erin" });
  });

  it("tokens: created or revoked by a token action; token permissions by the token ACL change", () => {
    const actors = actorOf(
      (e) => {
        const tokens = d(e).tokens!.value;
        tokens.push({ ...tokens[0]!, id: "t2", expiresAt: null });
        d(e).tokenPermissions!.value.push({ principal: "users", principalType: "group", permissions: [] });
      },
      [event("accounts", "generateDbToken", "grace"), event("accounts", "changeDbTokenAcl", "heidi")],
    );
    expect(actors).toEqual({
      "databricks.tokens[id=t2]": "grace",
      "databricks.tokenPermissions[principal=users]": "heidi",
    });
  });

  it("cluster policies: an edit of a policy; the last matching event wins; other workspaces' events never", () => {
    const actors = actorOf(
      (e) => {
        const definition = d(e).clusterPolicies!.value[0]!.definition as Record<string, Record<string, unknown>>;
        definition.autotermination_minutes!.maxValue = 1440;
      },
      [
        event("clusterPolicies", "edit", "ivan", { policy_id: "P1" }),
        event("clusterPolicies", "edit", "judy", { policy_id: "P1" }),
        event("clusterPolicies", "edit", "mallory", { policy_id: "P1" }, "999"),
      ],
    );
    expect(actors).toEqual({ "databricks.clusterPolicies[id=P1].definition.autotermination_minutes.maxValue": "judy" });
  });

  it("no matching event: the actor stays unknown, never guessed", () => {
    const [change] = attribute(
      [{ path: "databricks.clusterPolicies[id=P1].definition", before: "{}", after: '{"a":1}' }],
      [event("workspace", "workspaceConfEdit", "mallory", { workspaceConfKeys: "enableIpAccessLists" })],
      WORKSPACE,
    );
    expect(change).toMatchObject({ actor: null, actorTime: null, sourceIp: null, requestId: null, auditAction: null });
  });
});
