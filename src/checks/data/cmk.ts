import type { KeyReference } from "../../evidence/model.ts";

export function describeKey(key: KeyReference): string {
  return `${key.keyVaultUri.replace(/\/$/, "")}/keys/${key.keyName}${key.keyVersion ? `/${key.keyVersion}` : ""}`;
}
