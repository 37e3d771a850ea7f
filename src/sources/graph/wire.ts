/**
 * Microsoft Graph v1.0 response shapes lakeward reads, as zod schemas written from the v1.0 reference
 * (microsoftgraph/microsoft-graph-docs-contrib api-reference/v1.0/resources/):
 *   conditionalAccessPolicy, conditionalAccessConditionSet (applications, users, clientApplications,
 *   clientAppTypes, devices, locations, platforms, servicePrincipalRiskLevels, signInRiskLevels,
 *   userRiskLevels, insiderRiskLevels, authenticationFlows), conditionalAccessGrantControls with its
 *   authenticationStrength (authenticationStrengthPolicy: requirementsSatisfied none | mfa |
 *   unknownFutureValue), user and directoryObject.
 * Graph writes `null` for conditions that are not set (the List policies example has `"platforms": null,
 * "locations": null`), so every optional property is `nullish`.
 *
 * The schemas strip what they do not name (zod's default), so their TypeScript types have no index
 * signature: the emulator's Graph bodies are typed with `z.input` of them, and a misspelt or invented field
 * fails the type check. Validation still accepts what Graph adds over time (it is stripped, not refused).
 */
import { z } from "zod";

const str = z.string().nullish();
const strs = z.array(z.string()).nullish();

/** conditionalAccessFilter: a device, application or service principal filter rule. */
const filter = z.object({ mode: z.string(), rule: z.string() });

export const conditionSetShape = {
  applications: z
    .object({
      includeApplications: strs,
      excludeApplications: strs,
      includeUserActions: strs,
      includeAuthenticationContextClassReferences: strs,
      applicationFilter: filter.nullish(),
    })
    .nullish(),
  users: z
    .object({
      includeUsers: strs,
      excludeUsers: strs,
      includeGroups: strs,
      excludeGroups: strs,
      includeRoles: strs,
      excludeRoles: strs,
      includeGuestsOrExternalUsers: z.object({ guestOrExternalUserTypes: z.string() }).nullish(),
      excludeGuestsOrExternalUsers: z.object({ guestOrExternalUserTypes: z.string() }).nullish(),
    })
    .nullish(),
  clientApplications: z
    .object({
      includeServicePrincipals: strs,
      excludeServicePrincipals: strs,
      servicePrincipalFilter: filter.nullish(),
    })
    .nullish(),
  clientAppTypes: strs,
  devices: z.object({ deviceFilter: filter.nullish() }).nullish(),
  locations: z.object({ includeLocations: strs, excludeLocations: strs }).nullish(),
  platforms: z.object({ includePlatforms: strs, excludePlatforms: strs }).nullish(),
  servicePrincipalRiskLevels: strs,
  signInRiskLevels: strs,
  userRiskLevels: strs,
  /** conditionalAccessInsiderRiskLevels, a flags enum written as "minor,moderate". */
  insiderRiskLevels: str,
  authenticationFlows: z.object({ transferMethods: str }).nullish(),
};

/** The condition names Graph v1.0 documents; anything else set on a policy is a condition lakeward does not know. */
export const KNOWN_CONDITIONS: readonly string[] = Object.keys(conditionSetShape);

export const authenticationStrengthWire = z.object({
  id: str,
  displayName: str,
  description: str,
  policyType: str,
  requirementsSatisfied: str,
  allowedCombinations: strs,
});

export const grantControlsWire = z.object({
  operator: str,
  builtInControls: strs,
  customAuthenticationFactors: strs,
  termsOfUse: strs,
  authenticationStrength: authenticationStrengthWire.nullish(),
});

export const conditionalAccessPolicyWire = z.object({
  id: z.string(),
  displayName: str,
  description: str,
  state: z.string(),
  createdDateTime: str,
  modifiedDateTime: str,
  templateId: str,
  conditions: z.object(conditionSetShape),
  grantControls: grantControlsWire.nullish(),
  sessionControls: z.record(z.string(), z.unknown()).nullish(),
});
export type GraphConditionalAccessPolicy = z.input<typeof conditionalAccessPolicyWire>;

/** As the collector validates a policy: the conditions keep what Graph sent beyond the documented ones. */
export const conditionalAccessPolicyRead = conditionalAccessPolicyWire.extend({
  conditions: z.object(conditionSetShape).loose(),
});

/** user / directoryObject as `$select=id,userPrincipalName,mail` returns them (members carry `@odata.type`). */
export const directoryObjectWire = z.object({
  "@odata.type": str,
  id: str,
  userPrincipalName: str,
  mail: str,
});
export type GraphDirectoryObject = z.input<typeof directoryObjectWire>;
