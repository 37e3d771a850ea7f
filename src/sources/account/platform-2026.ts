/**
 * Account settings added since the 2023 guide (issue 17): Personal Compute (`dcp_acct_enable`), the
 * defaults new workspaces get — compliance security profile (`shield_csp_enablement_ac`) and enhanced
 * security monitoring (`shield_esm_enablement_ac`) — and the account's settings v2 catalogue. Shapes as the
 * Databricks SDK models give them (@databricks/sdk-experimental 0.17.0 dist/apis/settings/model.d.ts:
 * PersonalComputeSetting.personal_compute.value ON | DELEGATE, CspEnablementAccountSetting.csp_enablement_account
 * {is_enforced, compliance_standards}, EsmEnablementAccountSetting.esm_enablement_account.is_enforced; the same
 * in databricks-sdk-go service/settings model.go), validated before use.
 */

import type { settings } from "@databricks/sdk-experimental";
import { z } from "zod";
import { type Fact, known, unknown } from "../../evidence/fact.ts";
import type { Account } from "../../evidence/model.ts";
import type { Conforms } from "../databricks/conforms.ts";
import { getJson, isMissingResource } from "../databricks/http.ts";
import { readDiscoveredSettings } from "../databricks/platform-2026.ts";
import { describeFailure } from "../http/api-failure.ts";
import type { ReadOnlyApiClient } from "../http/databricks-client.ts";
import { type Problem, problemOf } from "../problems.ts";

/** One account setting: its value, the documented default when it was never set (404), unknown otherwise. */
async function accountSetting<S extends z.ZodType, T>(
  client: ReadOnlyApiClient,
  base: string,
  type: string,
  schema: S,
  pick: (body: z.infer<S>) => T,
  whenUnset: { value: T; note: string },
  problems: Problem[],
): Promise<Fact<T>> {
  const path = `${base}/settings/types/${type}/names/default`;
  const source = `GET ${path}`;
  try {
    return known(pick(await getJson(client, path, schema)), source);
  } catch (error) {
    if (isMissingResource(error)) return known(whenUnset.value, source, { note: whenUnset.note });
    problems.push(problemOf(error, source));
    return unknown(describeFailure(error), source);
  }
}

const personalComputeWire = z.object({ personal_compute: z.object({ value: z.enum(["ON", "DELEGATE"]) }) });
const cspWire = z.object({
  csp_enablement_account: z.object({
    is_enforced: z.boolean().optional(),
    compliance_standards: z.array(z.string()).optional(),
  }),
});
const esmWire = z.object({ esm_enablement_account: z.object({ is_enforced: z.boolean().optional() }) });

const conformance: true[] = [
  true satisfies Conforms<z.infer<typeof personalComputeWire>, settings.PersonalComputeSetting>,
  true satisfies Conforms<z.infer<typeof cspWire>, settings.CspEnablementAccountSetting>,
  true satisfies Conforms<z.infer<typeof esmWire>, settings.EsmEnablementAccountSetting>,
];
void conformance;

export type AccountSettings2026 = Pick<
  Account,
  "personalCompute" | "complianceProfileDefault" | "securityMonitoringDefault" | "discoveredSettings"
>;

export async function readAccountSettings2026(
  client: ReadOnlyApiClient,
  accountId: string,
  problems: Problem[],
): Promise<AccountSettings2026> {
  const base = `/api/2.0/accounts/${accountId}`;
  const [personalCompute, complianceProfileDefault, securityMonitoringDefault, discoveredSettings] = await Promise.all([
    accountSetting(
      client,
      base,
      "dcp_acct_enable",
      personalComputeWire,
      (b: z.infer<typeof personalComputeWire>) => b.personal_compute.value,
      { value: "ON" as const, note: "never set; the default (ON: every user may use Personal Compute) applies" },
      problems,
    ),
    accountSetting(
      client,
      base,
      "shield_csp_enablement_ac",
      cspWire,
      (b: z.infer<typeof cspWire>) => ({
        enforced: b.csp_enablement_account.is_enforced === true,
        standards: b.csp_enablement_account.compliance_standards ?? [],
      }),
      { value: { enforced: false, standards: [] as string[] }, note: "never set; the default (not enforced) applies" },
      problems,
    ),
    accountSetting(
      client,
      base,
      "shield_esm_enablement_ac",
      esmWire,
      (b: z.infer<typeof esmWire>) => b.esm_enablement_account.is_enforced === true,
      { value: false, note: "never set; the default (not enforced) applies" },
      problems,
    ),
    readDiscoveredSettings(client, `/api/2.1/accounts/${accountId}`, problems),
  ]);
  return { personalCompute, complianceProfileDefault, securityMonitoringDefault, discoveredSettings };
}
