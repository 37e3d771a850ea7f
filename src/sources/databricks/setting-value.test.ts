/**
 * Settings v2 effective values as evidence keeps them: a credential of a well-known form is a fingerprint under
 * any key (a setting lakeward does not know may hold one), credential-like keys and forms as redactSettingString
 * says, everything else verbatim; too long a string is refused before it is scanned.
 */
import { describe, expect, it } from "vitest";
import { fingerprint } from "../../redact/fingerprint.ts";
import { effectiveValue, MAX_SETTING_VALUE_CHARS } from "./setting-value.ts";

const kept = (value: unknown) => JSON.parse(effectiveValue({ effective_value: value })!) as unknown;

// Made-up values of the real forms (credential-scanner.ts's patterns), none a live credential.
const PAT = `dapi${"0123456789abcdef".repeat(2)}`;
const ENTRA = "abc8Q~abcdefghijklmnopqrstuvwxyz0123456";
const AWS = "AKIAABCDEFGHIJKLMNOP";
const KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----";

describe("settings v2 effective values", () => {
  it.each([
    ["a personal access token", PAT],
    ["an Entra ID client secret", ENTRA],
    ["an AWS access key id", AWS],
    ["a private key", KEY],
    ["a token inside a longer string", `Bearer ${PAT}`],
  ])("%s under a harmless key is a fingerprint", (_, secret) => {
    const value = kept({ value: secret, destination: { url: "https://ingest.partner.example/v1", header: secret } });
    expect(value).toEqual({
      value: fingerprint(secret),
      destination: { url: "https://ingest.partner.example/v1", header: fingerprint(secret) },
    });
    expect(JSON.stringify(value)).not.toContain(secret);
  });

  it("keeps identifiers, scopes, URLs and secret references verbatim", () => {
    const value = {
      allowed_scopes: ["sql", "files.files"],
      access_policy_type: "ALLOW_APPROVED_DOMAINS",
      id: "0123456789abcdef0123456789abcdef",
      client_secret: "{{secrets/scope/key}}",
      url: "https://ingest.partner.example/v1",
    };
    expect(kept(value)).toEqual(value);
  });

  it("refuses a string longer than the value may be, before scanning it", () => {
    expect(() => effectiveValue({ effective_value: { padding: "x".repeat(MAX_SETTING_VALUE_CHARS + 1) } })).toThrow(
      /characters of JSON, more than the 16384 kept; not kept/,
    );
  });
});
