import { defineCheck, fail, listSome, pass, undetermined } from "../define.ts";
import { premiumOnly } from "../helpers.ts";

/** The scope that lets a token mint new tokens (docs: scoped personal access tokens). */
const MINTING_SCOPE = "authentication";

export default defineCheck({
  meta: {
    id: "IAM-16",
    title: "Personal access tokens are scoped: none reaches every API, none can mint tokens",
    category: "identity",
    severity: "high",
    profile: "standard",
    threats: ["AT", "EX"],
    controls: ["IM-7", "PA-7"],
    mcsb: ["IM-8", "PA-7"],
    guide: ["Token management"],
    sources: ["workspace-api"],
    rationale:
      "A PAT without scopes acts as its owner on every API, so a token leaked from a CI variable or a laptop is the owner's whole account. Scoped PATs (scopes, with auto-scoping proposing them from past use) confine a token to the APIs its job needs; a token with the `authentication` scope can create further tokens and so outlive its own revocation. Tokens predating scopes show `backfill_scopes` from past use: re-issue them with those scopes.",
    remediation: {
      ui: "User settings → Developer → Access tokens → Manage: review each token's auto-scoping status and apply the proposed scopes; re-create tokens that carry the `authentication` scope without it. Admins: Settings → Advanced → Personal access tokens → review tokens of all users.",
      terraform: `resource "databricks_token" "ci" {
  comment          = "ci pipeline"
  lifetime_seconds = 2592000
  scopes           = ["jobs", "clusters"]
}`,
    },
  },
  evaluate(evidence, context) {
    const tier = premiumOnly(context, evidence, "token management");
    if (tier) return tier;
    const tokens = context.get("personal access tokens", evidence.databricks.tokens);
    const now = context.now.getTime();
    const live = tokens.filter((token) => token.expiresAt === null || Date.parse(token.expiresAt) > now);
    if (!live.length) return pass("no live personal access tokens");
    const reported = live.filter(
      (t) => t.scopes !== undefined && (t.scopes !== null || (t.autoscopeState ?? null) !== null),
    );
    if (!reported.length)
      return undetermined(
        `token management does not report scopes for any of the ${live.length} live tokens (a workspace without scoped PATs, or an older API)`,
      );
    const name = (t: (typeof live)[number]) => `${t.id} (${t.createdBy ?? "unknown owner"})`;
    const minting = reported.filter((t) => t.scopes?.some((s) => s.toLowerCase() === MINTING_SCOPE)).map(name);
    const everyApi = reported.filter((t) => !t.scopes?.length).map(name);
    const unreported = live.filter((t) => !reported.includes(t)).map(name);
    const problems = [
      ...(everyApi.length ? [`${everyApi.length} reach every API (no scopes): ${listSome(everyApi, 3)}`] : []),
      ...(minting.length ? [`${minting.length} can mint tokens (scope authentication): ${listSome(minting, 3)}`] : []),
    ];
    if (problems.length)
      return fail(`of ${live.length} live tokens, ${problems.join("; ")}`, [...everyApi, ...minting]);
    if (unreported.length)
      return undetermined(`token management does not report the scopes of ${listSome(unreported, 3)}`, unreported);
    return pass(`all ${live.length} live tokens are scoped and none can mint tokens`);
  },
});
