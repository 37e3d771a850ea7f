/**
 * Microsoft Graph: Conditional Access policies (needs Policy.Read.All). Optional: without `--graph` the
 * facts are unknown with that reason; a 403 says which permission is missing.
 */
import { z } from "zod";
import type { Fact } from "../../evidence/fact.ts";
import type { ConditionalAccessPolicy } from "../../evidence/model.ts";
import type { ArmReader } from "../azure/arm-reader.ts";
import { type Problem, read } from "../problems.ts";

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
export const DEFAULT_GRAPH_ENDPOINT = "https://graph.microsoft.com";

const policyWire = z
  .object({
    id: z.string(),
    displayName: z.string().optional(),
    state: z.string(),
    conditions: z
      .object({
        applications: z
          .object({
            includeApplications: z.array(z.string()).optional(),
            excludeApplications: z.array(z.string()).optional(),
          })
          .loose()
          .optional(),
        users: z
          .object({
            includeUsers: z.array(z.string()).optional(),
            includeGroups: z.array(z.string()).optional(),
            includeRoles: z.array(z.string()).optional(),
            excludeUsers: z.array(z.string()).optional(),
            excludeGroups: z.array(z.string()).optional(),
            excludeRoles: z.array(z.string()).optional(),
          })
          .loose()
          .optional(),
        clientAppTypes: z.array(z.string()).optional(),
      })
      .loose()
      .optional(),
    grantControls: z
      .object({
        operator: z.string().optional(),
        builtInControls: z.array(z.string()).optional(),
        authenticationStrength: z.object({ displayName: z.string().optional() }).loose().nullish(),
      })
      .loose()
      .nullish(),
  })
  .loose();

export async function readConditionalAccess(
  graph: ArmReader,
  problems: Problem[],
): Promise<Fact<ConditionalAccessPolicy[]>> {
  const path = "/v1.0/identity/conditionalAccess/policies";
  return read(`Graph GET ${path}`, problems, async () => {
    const policies = await graph.list(path, "", policyWire);
    return policies.map((p) => ({
      id: p.id,
      name: p.displayName ?? p.id,
      state: p.state,
      includeApplications: p.conditions?.applications?.includeApplications ?? [],
      excludeApplications: p.conditions?.applications?.excludeApplications ?? [],
      includeUsers: p.conditions?.users?.includeUsers ?? [],
      includeGroups: p.conditions?.users?.includeGroups ?? [],
      includeRoles: p.conditions?.users?.includeRoles ?? [],
      excludeUsers: p.conditions?.users?.excludeUsers ?? [],
      excludeGroups: p.conditions?.users?.excludeGroups ?? [],
      excludeRoles: p.conditions?.users?.excludeRoles ?? [],
      // Graph documents "all" as the default; an absent list means the condition is not set.
      clientAppTypes: p.conditions?.clientAppTypes?.length ? p.conditions.clientAppTypes : ["all"],
      // Graph's default operator is OR.
      grantOperator: p.grantControls?.operator ?? "OR",
      builtInControls: p.grantControls?.builtInControls ?? [],
      authenticationStrength: p.grantControls?.authenticationStrength?.displayName ?? null,
    }));
  });
}
