/**
 * The `dashboard:` section of lakeward.yaml: TLS, sessions, the address users reach the server at, and
 * optional sign-in with Microsoft Entra ID (any OpenID Connect provider works the same way). Validated with
 * zod like the rest of the config file (config.ts reports errors with their line).
 */
import { z } from "zod";

export const oidcConfigSchema = z
  .object({
    issuer: z
      .string()
      .url()
      .describe(
        "the OpenID issuer, e.g. https://login.microsoftonline.com/<tenant id>/v2.0 (https, or http on loopback)",
      ),
    clientId: z.string().min(1).describe("the application (client) id of the app registration"),
    clientSecretEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
      .optional()
      .describe("environment variable holding the client secret (left out: a public client with PKCE only)"),
    label: z.string().max(80).default("Sign in with Microsoft Entra ID").describe("the sign-in button's text"),
    adminRoles: z.array(z.string()).default([]).describe("app roles (the `roles` claim) that make a user an admin"),
    viewerRoles: z.array(z.string()).default([]).describe("app roles that make a user a viewer"),
    adminGroups: z.array(z.string()).default([]).describe("group object ids (the `groups` claim) of admins"),
    viewerGroups: z.array(z.string()).default([]).describe("group object ids of viewers"),
    defaultRole: z
      .enum(["viewer", "none"])
      .default("none")
      .describe("the role of a signed-in user with none of the roles or groups above (default: refused)"),
  })
  .strict();

export const dashboardConfigSchema = z
  .object({
    publicUrl: z
      .string()
      .url()
      .optional()
      .describe("the address users open (behind a proxy); the OIDC redirect URI is <publicUrl>/auth/oidc/callback"),
    tls: z
      .object({
        cert: z.string().describe("PEM certificate chain file"),
        key: z.string().describe("PEM private key file"),
      })
      .strict()
      .optional()
      .describe("serve HTTPS with this certificate (also --tls-cert / --tls-key)"),
    sessionHours: z.number().positive().max(168).default(8).describe("a session ends after this long idle"),
    oidc: oidcConfigSchema.optional().describe("sign-in with Entra ID (OpenID Connect) besides the admin token"),
  })
  .strict();

export type DashboardConfig = z.infer<typeof dashboardConfigSchema>;
export type OidcConfig = z.infer<typeof oidcConfigSchema>;
