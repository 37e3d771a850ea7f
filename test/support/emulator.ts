import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../src/emulator/server.ts";
import { EMULATOR_WAREHOUSE_ID } from "../../src/emulator/statement-routes.ts";
import type { WorkspaceEvidence } from "../../src/evidence/model.ts";
import { type SignInIndex, signInsFromWarehouse } from "../../src/sources/audit/sign-ins.ts";
import { StaticTokenCredential } from "../../src/sources/azure/credential.ts";
import { type CollectOptions, collect } from "../../src/sources/collect.ts";

/** Short retry waits, so tests of exhausted retries stay quick. */
export const FAST_RETRY = { maxAttempts: 3, maxWaitMs: 50, baseDelayMs: 5 };

export async function withEmulator<T>(
  options: EmulatorOptions,
  fn: (emulator: RunningEmulator) => Promise<T>,
): Promise<T> {
  const emulator = await startEmulator(options);
  try {
    return await fn(emulator);
  } finally {
    await emulator.close();
  }
}

/** Collects every workspace of the emulator's subscription through ARM discovery, as the demo does. */
export function collectEmulator(
  emulator: RunningEmulator,
  overrides: Partial<CollectOptions> = {},
): Promise<WorkspaceEvidence[]> {
  return collect({
    target: { subscriptionId: emulator.subscriptionId },
    arm: {
      credential: new StaticTokenCredential(emulator.token),
      endpoint: emulator.armUrl,
      ...(emulator.caPem ? { ca: emulator.caPem } : {}),
    },
    databricksAuth: { mode: "sdk", token: emulator.token },
    account: { accountId: emulator.accountId, host: emulator.accountUrl },
    graph: { endpoint: emulator.graphUrl },
    ...(emulator.caPem ? { ca: emulator.caPem } : {}),
    ...overrides,
  });
}

export function byPersona(
  evidence: readonly WorkspaceEvidence[],
  persona: "default" | "typical" | "hardened",
): WorkspaceEvidence {
  const found = evidence.find((w) => w.workspace.name === `adb-${persona}`);
  if (!found) throw new Error(`no ${persona} workspace in ${evidence.map((w) => w.workspace.name).join(", ")}`);
  return found;
}

/** Last sign-ins from the emulator's system.access.audit, read through its SQL warehouse. */
export function emulatorSignIns(emulator: RunningEmulator): Promise<SignInIndex> {
  return signInsFromWarehouse({
    host: emulator.workspaces[0]!.url,
    warehouseId: EMULATOR_WAREHOUSE_ID,
    auth: { mode: "sdk", token: emulator.token },
    ...(emulator.caPem ? { ca: emulator.caPem } : {}),
  });
}
