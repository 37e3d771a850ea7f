/**
 * The Databricks account API (`https://accounts.azuredatabricks.net/api/2.0/accounts/{id}/…`): account IP
 * access lists and their enforcement, the account default that disables legacy features, and the network
 * policy bound to each workspace (serverless egress, context-based ingress). On Azure the account API
 * holds no workspace inventory (reference/apis.md §2); that comes from ARM.
 */
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { Account, IpAccessList, NetworkPolicy } from "../../evidence/model.ts";
import { getJson, isMissingResource, type Json, str } from "../databricks/http.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf, read } from "../problems.ts";

export const DEFAULT_ACCOUNT_HOST = "https://accounts.azuredatabricks.net";

/** What is the same for every workspace of the account, read once. */
export interface AccountWide {
  ipAccessLists: Fact<IpAccessList[]>;
  ipAccessListsEnforced: Fact<boolean>;
  disableLegacyFeatures: Fact<boolean>;
}

async function accountSetting(
  client: ReadOnlyApiClient,
  base: string,
  type: string,
  pick: (body: Json) => boolean | undefined,
  problems: Problem[],
): Promise<Fact<boolean>> {
  const path = `${base}/settings/types/${type}/names/default`;
  const source = `GET ${path}`;
  try {
    const value = pick(await getJson(client, path));
    return value === undefined
      ? unknown(`the ${type} setting has no value in the response`, source)
      : known(value, source);
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
  const [ipAccessLists, ipAccessListsEnforced, disableLegacyFeatures] = await Promise.all([
    read(`GET ${base}/ip-access-lists`, problems, async () =>
      (((await getJson(client, `${base}/ip-access-lists`)).ip_access_lists as Json[] | undefined) ?? []).map(
        (list) => ({
          id: str(list.list_id) ?? "",
          label: str(list.label) ?? "",
          type: str(list.list_type) === "BLOCK" ? ("BLOCK" as const) : ("ALLOW" as const),
          addresses: ((list.ip_addresses as string[] | undefined) ?? []).map(String),
          enabled: list.enabled === true,
        }),
      ),
    ),
    accountSetting(
      client,
      base,
      "acct_ip_acl_enable",
      (b) => (b.boolean_val as Json | undefined)?.value as boolean | undefined,
      problems,
    ),
    accountSetting(
      client,
      base,
      "disable_legacy_features",
      (b) => (b.disable_legacy_features as Json | undefined)?.value as boolean | undefined,
      problems,
    ),
  ]);
  return { ipAccessLists, ipAccessListsEnforced, disableLegacyFeatures };
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
    const binding = await getJson(client, `${base}/workspaces/${workspaceId}/network`);
    const policyId = str(binding.network_policy_id) ?? "default-policy";
    const policy = await getJson(client, `${base}/network-policies/${encodeURIComponent(policyId)}`);
    const access = ((policy.egress as Json | undefined)?.network_access as Json | undefined) ?? {};
    const enforcement = (access.policy_enforcement as Json | undefined) ?? {};
    const dryRun =
      enforcement.enforcement_mode === "DRY_RUN" ||
      (Array.isArray(enforcement.dry_run_mode_product_filter) && enforcement.dry_run_mode_product_filter.length > 0);
    const ingress = ((policy.ingress as Json | undefined)?.public_access as Json | undefined)?.restriction_mode;
    return {
      id: policyId,
      egressRestricted: access.restriction_mode === "RESTRICTED_ACCESS",
      enforced: !dryRun,
      ingressRestricted: typeof ingress === "string" ? ingress === "RESTRICTED_ACCESS" : null,
    };
  });
}

export function accountEvidence(wide: AccountWide, networkPolicy: Fact<NetworkPolicy | null>): Account {
  return { ...wide, networkPolicy };
}
