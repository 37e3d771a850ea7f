/**
 * Sign-in with Microsoft Entra ID (or any OpenID Connect provider) through `openid-client`: the
 * authorization code flow with PKCE, state and nonce; the ID token's signature, issuer, audience, expiry
 * and nonce are checked by the library. The user's role comes from the ID token's `roles` (Entra app
 * roles) or `groups` claims, mapped in the config; a user with none is refused unless `defaultRole` says
 * viewer.
 *
 * The issuer must be HTTPS; plain HTTP is accepted only on loopback (a local provider, as the tests use).
 * Every request to the provider has a timeout (openid-client's, 10 s here).
 */
import * as client from "openid-client";
import type { OidcConfig } from "../config.ts";
import type { Role } from "./sessions.ts";

export interface OidcTransaction {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

export interface OidcIdentity {
  subject: string;
  role: Role | null;
}

function isLoopback(url: URL): boolean {
  return url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]";
}

export class OidcSignIn {
  readonly label: string;
  private readonly settings: OidcConfig;
  private readonly secret: string | undefined;
  private configuration: Promise<client.Configuration> | null = null;

  constructor(settings: OidcConfig, env: NodeJS.ProcessEnv = process.env) {
    this.settings = settings;
    this.label = settings.label;
    const issuer = new URL(settings.issuer);
    if (issuer.protocol !== "https:" && !(issuer.protocol === "http:" && isLoopback(issuer)))
      throw new Error(`dashboard.oidc.issuer ${settings.issuer}: must be https (http only on loopback)`);
    if (settings.clientSecretEnv) {
      this.secret = env[settings.clientSecretEnv];
      if (!this.secret) throw new Error(`dashboard.oidc.clientSecretEnv: ${settings.clientSecretEnv} is not set`);
    }
  }

  /** The provider's metadata, discovered once (again after a failure). */
  private config(): Promise<client.Configuration> {
    if (!this.configuration) {
      const issuer = new URL(this.settings.issuer);
      this.configuration = client
        .discovery(
          issuer,
          this.settings.clientId,
          this.secret,
          this.secret ? client.ClientSecretPost(this.secret) : client.None(),
          { timeout: 10, ...(issuer.protocol === "http:" ? { execute: [client.allowInsecureRequests] } : {}) },
        )
        .catch((error: unknown) => {
          this.configuration = null;
          throw error;
        });
    }
    return this.configuration;
  }

  /** Where to send the browser, and what to remember until it comes back. */
  async start(redirectUri: string, next: string): Promise<{ url: URL; transaction: OidcTransaction }> {
    const config = await this.config();
    const verifier = client.randomPKCECodeVerifier();
    const transaction = { state: client.randomState(), nonce: client.randomNonce(), verifier, next };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: "openid profile email",
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: transaction.state,
      nonce: transaction.nonce,
    });
    return { url, transaction };
  }

  /** Redeems the code the provider sent back; throws when any check fails. */
  async finish(callbackUrl: URL, transaction: OidcTransaction): Promise<OidcIdentity> {
    const config = await this.config();
    const tokens = await client
      .authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: transaction.verifier,
        expectedState: transaction.state,
        expectedNonce: transaction.nonce,
        idTokenExpected: true,
      })
      .catch((error: unknown) => {
        throw new Error(failureReason(error));
      });
    const claims = tokens.claims();
    if (!claims) throw new Error("the provider returned no ID token");
    const text = (value: unknown) => (typeof value === "string" && value ? value : null);
    const subject =
      text(claims.preferred_username) ?? text(claims.email) ?? text(claims.name) ?? `${claims.iss} ${claims.sub}`;
    return { subject, role: this.roleOf(claims) };
  }

  roleOf(claims: Record<string, unknown>): Role | null {
    const list = (value: unknown) => (Array.isArray(value) ? value.filter((v) => typeof v === "string") : []);
    const roles = list(claims.roles);
    const groups = list(claims.groups);
    const any = (wanted: string[], have: string[]) => wanted.some((w) => have.includes(w));
    const s = this.settings;
    if (any(s.adminRoles, roles) || any(s.adminGroups, groups)) return "admin";
    if (any(s.viewerRoles, roles) || any(s.viewerGroups, groups)) return "viewer";
    return s.defaultRole === "viewer" ? "viewer" : null;
  }
}

/**
 * What failed, for the refusal page: openid-client's message and the checks beneath it (its causes say
 * which claim, e.g. `unexpected ID Token "nonce" claim value`), never the values compared.
 */
function failureReason(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++)
    if (!messages.includes(e.message)) messages.push(e.message);
  const claim = (error as { cause?: { claim?: unknown } }).cause?.claim;
  if (typeof claim === "string" && !messages.some((m) => m.includes(claim))) messages.push(`claim ${claim}`);
  return messages.join(": ") || String(error);
}
