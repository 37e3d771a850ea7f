/**
 * Databricks credentials. `sdk` (the default) lets @databricks/sdk-experimental resolve them as the
 * Databricks CLI does: DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID/SECRET (OAuth M2M), ~/.databrickscfg
 * profiles, and on *.azuredatabricks.net hosts the Azure CLI, managed identity and ARM_* client secrets.
 * `azure` asks @azure/identity's DefaultAzureCredential for an Entra ID token for the Azure Databricks
 * application, which covers service principals, workload and managed identities and the Azure CLI on
 * any host.
 */
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { Config, type CredentialProvider } from "@databricks/sdk-experimental";

export const DATABRICKS_ENTRA_SCOPE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default";

export type DatabricksAuthMode = "sdk" | "azure";

export interface DatabricksAuthOptions {
  mode: DatabricksAuthMode;
  /** A ~/.databrickscfg profile name. */
  profile?: string;
  /** For tests and the demo: a token given in code rather than through the environment. */
  token?: string;
  /** Overrides DefaultAzureCredential for mode `azure`. */
  azureCredential?: TokenCredential;
}

function entraProvider(credential: TokenCredential): CredentialProvider {
  return {
    name: "azure-cli",
    async configure() {
      return async (headers: Headers) => {
        const token = await credential.getToken(DATABRICKS_ENTRA_SCOPE);
        if (!token) throw new Error("Entra ID returned no token for the Azure Databricks application");
        headers.set("Authorization", `Bearer ${token.token}`);
      };
    },
  };
}

export function databricksConfig(host: string, auth: DatabricksAuthOptions): Config {
  if (auth.mode === "azure") {
    return new Config({
      host,
      credentials: entraProvider(auth.azureCredential ?? new DefaultAzureCredential()),
      skipVerify: false,
    });
  }
  if (auth.token) {
    // A token given in code stands alone: ambient DATABRICKS_* variables and ~/.databrickscfg must not mix in.
    return new Config({ host, token: auth.token, authType: "pat", skipVerify: false, env: {}, loaders: [] });
  }
  return new Config({ host, skipVerify: false, ...(auth.profile ? { profile: auth.profile } : {}) });
}
