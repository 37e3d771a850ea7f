/**
 * Azure credentials. By default DefaultAzureCredential (@azure/identity): environment service principal
 * (AZURE_CLIENT_ID / AZURE_CLIENT_SECRET or certificate / AZURE_TENANT_ID), workload identity, managed
 * identity, then the Azure CLI's login. LAKEWARD_ARM_TOKEN instead supplies a ready bearer token (from
 * `az account get-access-token`, a pipeline step, or the emulator), used as is.
 */
import type { AccessToken, TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";

export class StaticTokenCredential implements TokenCredential {
  readonly #token: string;
  constructor(token: string) {
    this.#token = token;
  }
  async getToken(): Promise<AccessToken> {
    return { token: this.#token, expiresOnTimestamp: Date.now() + 55 * 60_000 };
  }
  /** Keeps the token out of util.inspect / console.log output. */
  [Symbol.for("nodejs.util.inspect.custom")]() {
    return "StaticTokenCredential { [redacted] }";
  }
  toJSON() {
    return "[redacted]";
  }
}

export function azureCredential(env: NodeJS.ProcessEnv = process.env): {
  credential: TokenCredential;
  secrets: string[];
  kind: string;
} {
  const token = env.LAKEWARD_ARM_TOKEN;
  if (token) return { credential: new StaticTokenCredential(token), secrets: [token], kind: "LAKEWARD_ARM_TOKEN" };
  const secret = env.AZURE_CLIENT_SECRET;
  return { credential: new DefaultAzureCredential(), secrets: secret ? [secret] : [], kind: "DefaultAzureCredential" };
}

/**
 * One line for a credential that could not get a token. DefaultAzureCredential's own message lists every
 * credential it tried with its troubleshooting text (a dozen lines and URLs): a first-run user needs to know
 * that none is set up, where lakeward looked, and what to do (the caller's hint says that).
 */
export function credentialFailureText(detail: string): string {
  const firstLine = detail.split("\n")[0] ?? detail;
  if (!/ChainedTokenCredential authentication failed|AggregateAuthenticationError/i.test(detail)) return firstLine;
  return "no Azure credential is set up here (DefaultAzureCredential found no AZURE_* variables, managed identity, Azure CLI, Azure PowerShell or azd sign-in)";
}
