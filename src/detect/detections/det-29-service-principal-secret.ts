/** DET-29: a secret or token created for a service principal. */
import { eventAlerts, SUCCEEDED } from "./common.ts";
import { defineDetection } from "./types.ts";

/** OAuth secrets of service principals (account and workspace APIs) and tokens created on their behalf. */
const SECRET_ACTION = "^(create|generate|add)[a-z]*(serviceprincipalsecret|oauthsecret|obotoken)";

export default defineDetection({
  meta: {
    id: "DET-29",
    title: "Service principal secret or token created",
    severity: "medium",
    threats: ["AT"],
    controls: ["IM-3", "IM-7", "LT-1", "IR-3"],
    thresholds: {},
    rationale:
      "A service principal's OAuth secret (or a token created on its behalf) is a credential that works without MFA and outside any person's session. Intruders mint one to keep access after the account they came through is closed; legitimate ones belong to a known pipeline and a rotation schedule.",
    response:
      "Match the secret with a deployment or rotation request. If there is none, delete the secret (account console, service principal secrets API) and review what the service principal did since.",
    logic:
      "Successful actions whose lower-cased name matches `^(create|generate|add)…(serviceprincipalsecret|oauthsecret|obotoken)` — `createServicePrincipalSecret` (account and workspace proxy APIs), `createOboToken` (token management on behalf of a service principal). The lifetime is shown when logged. One alert per secret.",
    references: ["issue 18: service principal secret creation (no SRA query)"],
    evidenceParams: ["service_principal_id", "servicePrincipalId", "application_id", "lifetime", "lifetime_seconds"],
    facts: ["action", "service_principal", "lifetime"],
  },
  scope: (d) => d.regexpLike("lower(action_name)", SECRET_ACTION),
  sql: (ctx) =>
    eventAlerts(ctx, {
      where: `${SUCCEEDED} AND ${ctx.d.regexpLike("lower(action_name)", SECRET_ACTION)}`,
      facts: {
        action: "action_name",
        service_principal:
          "coalesce(request_params['service_principal_id'], request_params['servicePrincipalId'], request_params['application_id'])",
        lifetime: "coalesce(request_params['lifetime'], request_params['lifetime_seconds'])",
      },
    }),
  summarize: ({ principal, facts }) =>
    `${principal} created a secret for service principal ${facts.service_principal ?? "(unnamed)"} (${facts.action}${facts.lifetime ? `, lifetime ${facts.lifetime}` : ""})`,
});
