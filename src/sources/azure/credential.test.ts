import { describe, expect, it } from "vitest";
import { credentialFailureText } from "./credential.ts";

describe("credentialFailureText", () => {
  it("turns DefaultAzureCredential's chained failure (many lines, URLs) into one line saying none is set up", () => {
    const chained = [
      "ChainedTokenCredential authentication failed.",
      "CredentialUnavailableError: EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/azsdk/js/identity/environmentcredential/troubleshoot.",
      "CredentialUnavailableError: ManagedIdentityCredential: Authentication failed. Http status code: 403",
      "CredentialUnavailableError: Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions",
    ].join("\n");
    const text = credentialFailureText(chained);
    expect(text).toBe(
      "no Azure credential is set up here (DefaultAzureCredential found no AZURE_* variables, managed identity, Azure CLI, Azure PowerShell or azd sign-in)",
    );
    expect(text).not.toContain("\n");
  });

  it("keeps the first line of any other credential error (an expired or refused token says so itself)", () => {
    expect(credentialFailureText("AADSTS700016: Application with identifier 'x' was not found\nTrace ID: 1")).toBe(
      "AADSTS700016: Application with identifier 'x' was not found",
    );
  });
});
