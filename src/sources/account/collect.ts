/**
 * The Databricks account API (`https://accounts.azuredatabricks.net/api/2.0/accounts/{id}/…`): account IP
 * access lists and their enforcement, the account default that disables legacy features, and the network
 * policy bound to each workspace (serverless egress, context-based ingress). On Azure the account API
 * holds no workspace inventory (reference/apis.md §2); that comes from ARM.
 */

import type { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { Account, IpAccessList, NetworkPolicy, WorkspaceAssignment } from "../../evidence/model.ts";
import { toIpAccessList } from "../databricks/collect.ts";
import { getJson, isMissingResource } from "../databricks/http.ts";
import { pathId } from "../databricks/routes.ts";
import {
  accountSettingSchemas,
  ipAccessListsSchema,
  networkPolicySchema,
  workspaceNetworkSchema,
} from "../databricks/schemas.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf, read } from "../problems.ts";
import { type AccountIdentities, readAccountIdentities } from "./identity.ts";
import { type AccountSettings2026, readAccountSettings2026 } from "./platform-2026.ts";

export const DEFAULT_ACCOUNT_HOST = "https://accounts.azuredatabricks.net";

/** What is the same for every workspace of the account, read once. */
export interface AccountWide extends AccountSettings2026, AccountIdentities {
  ipAccessLists: Fact<IpAccessList[]>;
  ipAccessListsEnforced: Fact<boolean>;
  disableLegacyFeatures: Fact<boolean>;
}

/**
 * An account setting of the BooleanMessage kind. The response key is the setting's own name
 * (settings.AccountIpAccessEnable.acct_ip_acl_enable, settings.DisableLegacyFeatures.disable_legacy_features),
 * and a false `value` is omitted (omitempty), so a present setting object without it is false.
 */
async function accountSetting<K extends keyof typeof accountSettingSchemas>(
  client: ReadOnlyApiClient,
  base: string,
  type: K,
  problems: Problem[],
): Promise<Fact<boolean>> {
  const path = `${base}/settings/types/${type}/names/default`;
  const source = `GET ${path}`;
  try {
    const body = (await getJson(client, path, accountSettingSchemas[type])) as Record<string, unknown>;
    const message = body[type] as { value?: boolean | undefined };
    return known(message.value ?? false, source);
  } catch (error) {
    if (isMissingResource(error)) return known(false, source, { note: "never set; the default (off) applies" });
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

export async function readAccountWide(
  client: ReadOnlyApiClient,
  accountId: string,
  problems: Problem[],
): Promise<AccountWide> {
  const base = `/api/2.0/accounts/${accountId}`;
  const [ipAccessLists, ipAccessListsEnforced, disableLegacyFeatures, settings2026, identities] = await Promise.all([
    read(`GET ${base}/ip-access-lists`, problems, async () =>
      ((await getJson(client, `${base}/ip-access-lists`, ipAccessListsSchema)).ip_access_lists ?? []).map(
        toIpAccessList,
      ),
    ),
    accountSetting(client, base, "acct_ip_acl_enable", problems),
    accountSetting(client, base, "disable_legacy_features", problems),
    readAccountSettings2026(client, accountId, problems),
    readAccountIdentities(client, accountId, problems),
  ]);
  return { ipAccessLists, ipAccessListsEnforced, disableLegacyFeatures, ...settings2026, ...identities };
}

/** The network policy bound to a workspace (the account's `default-policy` when none is bound explicitly). */
export async function readNetworkPolicy(
  client: ReadOnlyApiClient,
  accountId: string,
  workspaceId: string | null,
  problems: Problem[],
): Promise<Fact<NetworkPolicy | null>> {
  const base = `/api/2.0/accounts/${accountId}`;
  if (!workspaceId)
    return unknown(
      "the workspace id is unknown (ARM was not read), so its network policy binding cannot be looked up",
      `GET ${base}/workspaces/{id}/network`,
    );
  return read(`GET ${base}/workspaces/${workspaceId}/network`, problems, async () => {
    const bindingPath = `${base}/workspaces/${pathId(workspaceId, "workspace id", "ARM workspaceId")}/network`;
    const binding = await getJson(client, bindingPath, workspaceNetworkSchema);
    const policyId = pathId(binding.network_policy_id ?? "default-policy", "network policy id", `GET ${bindingPath}`);
    const policy: z.infer<typeof networkPolicySchema> = await getJson(
      client,
      `${base}/network-policies/${policyId}`,
      networkPolicySchema,
    );
    const access = policy.egress?.network_access;
    const enforcement = access?.policy_enforcement;
    const dryRun =
      enforcement?.enforcement_mode === "DRY_RUN" || (enforcement?.dry_run_mode_product_filter ?? []).length > 0;
    const ingress = policy.ingress?.public_access?.restriction_mode;
    return {
      id: policyId,
      egressRestricted: access?.restriction_mode === "RESTRICTED_ACCESS",
      enforced: !dryRun,
      ingressRestricted: typeof ingress === "string" ? ingress === "RESTRICTED_ACCESS" : null,
    };
  });
}

export function accountEvidence(
  wide: AccountWide,
  networkPolicy: Fact<NetworkPolicy | null>,
  workspaceAssignments: Fact<WorkspaceAssignment[]>,
): Account {
  return { ...wide, networkPolicy, workspaceAssignments };
}
