/**
 * Canary secrets: distinctive fake secret values the emulator plants wherever real API responses can
 * carry secrets. Tests search every output lakeward produces for them; finding one is a leak.
 */
export const CANARIES = {
  storageAccountKey: "LWCANARY-storagekey-4f1d9b2e7c5a8e03",
  metastorePassword: "LWCANARY-jdbcpassword-9a7e3c1b5d2f4086",
  envPassword: "LWCANARY-envpassword-2b8d6f0a4c1e9375",
  dockerPassword: "LWCANARY-dockerpassword-7c3e5a9b1d0f2468",
  logAnalyticsKey: "LWCANARY-loganalyticskey-5e9c1a3d7b2f8064",
  initScriptSecret: "LWCANARY-initscript-3d7f9b1e5a0c2846",
  tokenValue: "dapiLWCANARY0a1b2c3d4e5f60718293a4b5c6d7e8f9",
  clientSecret: "LWCANARY-clientsecret-8e2a4c6f0b9d1357",
  /** oauth2.SecretInfo.secret_hash of service principal OAuth secrets: never read into evidence. */
  servicePrincipalSecretHash: "LWCANARY-spsecrethash-6a0c2e4f8b1d3957",
  /** serving.OpenAiConfig.openai_api_key_plaintext of an external model: never read into evidence. */
  servingExternalModelKey: "sk-LWCANARY-openaikey-2d4f6a8c0e1b3957",
  /** A credential inside a settings v2 value (settings discovery keeps values): only its fingerprint is kept. */
  settingValueSecret: "LWCANARY-settingsecret-9b7d5f3a1c0e2468",
  /**
   * A key pasted in plain text into a served entity's environment_vars (serving.ServedEntityOutput, only in
   * GET /api/2.0/serving-endpoints/{name}): not a {{secrets/…}} reference, so never kept.
   */
  servingEnvironmentValue: "LWCANARY-servingenv-4c1e7a9b3d5f2068",
} as const;

export const CANARY_VALUES: readonly string[] = Object.values(CANARIES);

/** The bearer token the emulator accepts unless another is configured; also a secret lakeward must not echo. */
export const DEFAULT_EMULATOR_TOKEN = "dapiLWEMULATOR5c2e9a7b3f1d4086e2c8a1b9d7f3e5c0";
