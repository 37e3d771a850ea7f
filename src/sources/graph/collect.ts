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
          .object({ includeUsers: z.array(z.string()).optional(), includeGroups: z.array(z.string()).optional() })
          .loose()
          .optional(),
      })
      .loose()
      .optional(),
    grantControls: z
      .object({
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
      builtInControls: p.grantControls?.builtInControls ?? [],
      authenticationStrength: p.grantControls?.authenticationStrength?.displayName ?? null,
    }));
  });
}
