/**
 * The generator's event model — the fields every audit log source carries — and the population it
 * simulates: workspaces, people, service principals.
 */

export interface AuditEvent {
  /** Epoch milliseconds. */
  time: number;
  workspace: GeneratedWorkspace;
  service: string;
  action: string;
  /** E-mail of a user, application id of a service principal. */
  email: string;
  ip: string;
  userAgent: string;
  sessionId: string | null;
  requestId: string;
  params: Record<string, string>;
  status: number;
  errorMessage: string | null;
  /** `response.result`, where a service logs one (the ESM agents). */
  result?: string | null;
  /** Account-level events (system.access.audit `audit_level`); default workspace level. */
  accountLevel?: boolean;
}

export interface GeneratedWorkspace {
  /** Numeric workspace id, as system.access.audit has it. */
  id: string;
  name: string;
  /** ARM resource id, as diagnostic logs have it. */
  resourceId: string;
}

export interface Person {
  email: string;
  admin: boolean;
  team: number;
  workspace: GeneratedWorkspace;
  /** The addresses the person works from; each is used from the first day on. */
  ips: string[];
  /** Working hours, UTC: first and last hour with activity. */
  startHour: number;
  endHour: number;
  browser: string;
}

export interface ServicePrincipal {
  /** Application id (a UUID), what the logs show as the identity. */
  email: string;
  team: number;
  workspace: GeneratedWorkspace;
  ip: string;
  /** Hours (UTC) its scheduled jobs run, every day. */
  hours: number[];
}

export interface Scenario {
  /** Detection that must fire. */
  detection: string;
  name: string;
  /** The principal the alert must name (lower-case). */
  principal: string;
  /** ISO times bounding the injected events. */
  start: string;
  end: string;
  description: string;
}

export const SUBSCRIPTION = "9b2c4d6e-1a3f-4b5c-8d7e-0f1a2b3c4d5e";
export const RESOURCE_GROUP = "rg-analytics";
