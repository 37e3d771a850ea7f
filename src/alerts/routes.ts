/**
 * Which channels an event goes to, and how. A route matches when every condition it gives holds; an event
 * reaches each channel of every matching route once. Where several matching routes name one channel, a
 * route that sends now wins over a digest, and among digests the first route in the file wins: a channel
 * gets each transition once (the dedupe key), never once per route.
 */
import { globMatches } from "../engine/policy.ts";
import { type AlertsConfig, digestKey, type RouteConfig } from "./config.ts";
import { type AlertEvent, atLeast, subjectId } from "./model.ts";

export function routeName(route: RouteConfig, index: number): string {
  return route.name ?? `route-${index + 1}`;
}

export function routeMatches(route: RouteConfig, event: AlertEvent): boolean {
  const when = route.when;
  if (when.kinds && !when.kinds.includes(event.kind)) return false;
  if (when.minSeverity && !atLeast(event.severity, when.minSeverity)) return false;
  if (when.ids) {
    const id = subjectId(event);
    if (!id || !when.ids.some((pattern) => globMatches(pattern, id))) return false;
  }
  if (when.workspaces) {
    const name = event.workspace?.name;
    if (!name || !when.workspaces.some((pattern) => globMatches(pattern, name))) return false;
  }
  if (when.tags) {
    const tags = event.workspace?.tags ?? {};
    for (const [key, wanted] of Object.entries(when.tags)) {
      // Azure tag names are case-insensitive; their values are not.
      const actual = Object.entries(tags).find(([name]) => name.toLowerCase() === key.toLowerCase())?.[1];
      const values = Array.isArray(wanted) ? wanted : [wanted];
      if (actual === undefined || !values.includes(actual)) return false;
    }
  }
  return true;
}

export interface RouteTarget {
  channel: string;
  /** null: send now; else the digest key the event waits for. */
  digest: string | null;
  route: string;
}

export function targetsFor(config: AlertsConfig, event: AlertEvent): RouteTarget[] {
  const byChannel = new Map<string, RouteTarget>();
  config.routes.forEach((route, index) => {
    if (!routeMatches(route, event)) return;
    const digest = route.digest ? digestKey(route.digest) : null;
    for (const channel of route.channels) {
      const seen = byChannel.get(channel);
      if (!seen || (seen.digest !== null && digest === null))
        byChannel.set(channel, { channel, digest, route: routeName(route, index) });
    }
  });
  return [...byChannel.values()];
}
