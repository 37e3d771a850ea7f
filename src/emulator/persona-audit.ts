/**
 * Sign-in events of the personas' users, added to the emulated `system.access.audit` so that IAM-13
 * (dormant users) can be judged over the Statement Execution API like any other check: on `hardened`
 * every user signed in within the last days; on `default` one admin last signed in months ago and one
 * never has.
 */
import type { AuditEvent } from "../detect/generator/model.ts";
import type { PersonaWorkspace } from "./personas.ts";

const DAY = 86_400_000;

/** Days since each user's last sign-in, per persona; undefined: never signed in. */
function daysSinceSignIn(ws: PersonaWorkspace, userName: string): number | undefined {
  if (ws.persona === "default") {
    if (userName.startsWith("kim@")) return 150;
    if (userName.startsWith("alex@")) return undefined;
  }
  return 1 + (userName.length % 5);
}

export function personaSignIns(workspaces: readonly PersonaWorkspace[], now = Date.now()): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const ws of workspaces) {
    const properties = ws.arm.properties as { workspaceId?: string };
    const workspace = { id: String(properties.workspaceId ?? ""), name: ws.name, resourceId: ws.resourceId };
    for (const user of ws.users) {
      const userName = String(user.userName ?? "");
      const days = daysSinceSignIn(ws, userName);
      if (!userName || days === undefined) continue;
      events.push({
        time: now - days * DAY,
        workspace,
        service: "accounts",
        action: "aadBrowserLogin",
        email: userName,
        ip: "203.0.113.10",
        userAgent: "Mozilla/5.0 (emulator)",
        sessionId: `session-${ws.name}-${userName}`,
        requestId: `request-${ws.name}-${userName}`,
        params: { user: userName },
        status: 200,
        errorMessage: null,
      });
    }
  }
  return events;
}
