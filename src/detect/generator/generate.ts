/**
 * `lakeward gen-logs`: realistic audit logs for N users over D days, with one injected attack scenario
 * per detection, written in any ingestible format plus a manifest that labels every scenario
 * (detection, principal, time window). Deterministic for a seed and a start date.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InputError } from "../../errors.ts";
import type { AuditEvent, Scenario } from "./model.ts";
import { Random } from "./random.ts";
import {
  firstAttackDay,
  type InjectedScenario,
  injectScenarios,
  MIN_DAYS_WITH_ATTACKS,
  MIN_USERS_WITH_ATTACKS,
} from "./scenarios.ts";
import { buildPopulation, EventFactory, isWorkingDay, normalDay, type Population } from "./traffic.ts";
import { type GenFormat, LogWriter } from "./writers.ts";

export const DEFAULT_START = "2026-11-02T00:00:00Z";
export const MANIFEST_FILE = "lakeward-scenarios.json";

export interface GenerateOptions {
  users: number;
  days: number;
  seed?: number | string;
  /** First day, UTC midnight (ISO date or time). */
  start?: string;
  /** Inject the attack scenarios (default true). */
  attacks?: boolean;
  /** Plant canary secrets in command texts and other parameters (default true). */
  canaries?: boolean;
}

export interface Manifest {
  kind: "lakeward-gen-logs-manifest";
  version: 1;
  seed: string;
  users: number;
  days: number;
  start: string;
  end: string;
  format: GenFormat;
  events: number;
  files: number;
  bytes: number;
  scenarios: Scenario[];
}

function startMsOf(start: string | undefined): number {
  const text = start ?? DEFAULT_START;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw new InputError(`--start ${text}: not a date`, "Give a date such as 2026-11-02.");
  return ms - (ms % 86_400_000);
}

export function validateOptions(options: GenerateOptions): void {
  if (!Number.isInteger(options.users) || options.users < 1 || options.users > 100_000)
    throw new InputError(`--users ${options.users}: give a whole number from 1 to 100000`);
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 366)
    throw new InputError(`--days ${options.days}: give a whole number from 1 to 366`);
  if (options.attacks !== false) {
    if (options.users < MIN_USERS_WITH_ATTACKS)
      throw new InputError(
        `--users ${options.users}: the attack scenarios need at least ${MIN_USERS_WITH_ATTACKS} users (one principal each)`,
        "Use more users, or --no-attacks for normal traffic only.",
      );
    if (options.days < MIN_DAYS_WITH_ATTACKS)
      throw new InputError(
        `--days ${options.days}: the attack scenarios need at least ${MIN_DAYS_WITH_ATTACKS} days (a baseline, then the attacks)`,
        "Use more days, or --no-attacks for normal traffic only.",
      );
    const startMs = startMsOf(options.start);
    const baselineDays = Math.floor(Math.min(7, options.days / 2));
    const working = Array.from({ length: Math.max(1, baselineDays) }, (_, d) => isWorkingDay(startMs, d));
    if (!working.some(Boolean))
      throw new InputError(
        `--start ${options.start}: the baseline days (${baselineDays}) hold no working day, so sign-in baselines would be empty`,
        "Start on a weekday or generate more days.",
      );
  }
}

/** The population and, day by day, the sorted events. */
export function* generateEvents(
  options: GenerateOptions,
): Generator<{ day: number; dayMs: number; events: AuditEvent[] }, InjectedScenario[], void> {
  validateOptions(options);
  const seed = String(options.seed ?? 1);
  const startMs = startMsOf(options.start);
  const random = new Random(seed);
  const population: Population = buildPopulation(random, options.users);
  const factory = new EventFactory(new Random(`${seed}/ids`));
  const injected =
    options.attacks === false
      ? []
      : injectScenarios(new Random(`${seed}/attacks`), factory, population, startMs, options.days);
  const dayRandom = new Random(`${seed}/days`);
  for (let day = 0; day < options.days; day++) {
    const dayMs = startMs + day * 86_400_000;
    const events = normalDay({
      random: dayRandom,
      factory,
      population,
      startMs,
      day,
      canaries: options.canaries !== false,
    });
    for (const { events: attack } of injected)
      for (const event of attack) if (event.time >= dayMs && event.time < dayMs + 86_400_000) events.push(event);
    events.sort((a, b) => a.time - b.time || a.requestId.localeCompare(b.requestId));
    yield { day, dayMs, events };
  }
  return injected;
}

/** Every event in memory (for tests and the emulator's default data; use writeLogs for volume). */
export function generateAll(options: GenerateOptions): { events: AuditEvent[]; scenarios: Scenario[] } {
  const events: AuditEvent[] = [];
  const iterator = generateEvents(options);
  for (;;) {
    const next = iterator.next();
    if (next.done) return { events, scenarios: next.value.map((s) => s.scenario) };
    events.push(...next.value.events);
  }
}

export async function writeLogs(
  options: GenerateOptions & { out: string; format: GenFormat; onProgress?: (message: string) => void },
): Promise<Manifest> {
  validateOptions(options);
  await mkdir(options.out, { recursive: true });
  const writer = new LogWriter(options.out, options.format);
  let events = 0;
  let injected: InjectedScenario[] = [];
  try {
    const iterator = generateEvents(options);
    for (;;) {
      const next = iterator.next();
      if (next.done) {
        injected = next.value;
        break;
      }
      await writer.writeDay(next.value.events, next.value.dayMs);
      events += next.value.events.length;
      options.onProgress?.(`day ${next.value.day + 1}/${options.days}: ${events} events`);
    }
  } finally {
    await writer.close();
  }
  const startMs = startMsOf(options.start);
  const manifest: Manifest = {
    kind: "lakeward-gen-logs-manifest",
    version: 1,
    seed: String(options.seed ?? 1),
    users: options.users,
    days: options.days,
    start: new Date(startMs).toISOString(),
    end: new Date(startMs + options.days * 86_400_000).toISOString(),
    format: options.format,
    events,
    files: writer.stats.files,
    bytes: writer.stats.bytes,
    scenarios: injected.map((entry) => entry.scenario),
  };
  await writeFile(join(options.out, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export { firstAttackDay };
