/**
 * Where an incremental detect run stands, per source: how far its events have been judged and which
 * alerts were already raised (so that they are not raised again). A plain, serialisable value behind a
 * two-method interface: `lakeward detect --state FILE` keeps it in a JSON file; `serve` keeps it in its
 * store by implementing WatermarkStore.
 */
import { createHash, randomUUID } from "node:crypto";
import { rename, writeFile } from "node:fs/promises";
import { z } from "zod";
import { InputError } from "../errors.ts";
import { InputFileError, readInputText } from "../util/read-input.ts";

export const watermarkSchema = z.object({
  version: z.literal(1),
  /** The newest event time judged so far, epoch ms (absent before the first run that saw events). */
  eventTimeMs: z.number().int().optional(),
  /** Alerts raised so far: alert id → its lastSeen when it was raised (ISO). */
  raised: z.record(z.string(), z.string()),
  /** The local event cache these marks refer to (a new cache means every file is read again). */
  cacheId: z.string().optional(),
  /** When the mark was written (ISO). */
  updatedAt: z.string(),
});
export type Watermark = z.infer<typeof watermarkSchema>;

/** The store `serve` implements to hold detect's watermarks; `FileWatermarkStore` is the local one. */
export interface WatermarkStore {
  get(sourceId: string): Promise<Watermark | undefined>;
  set(sourceId: string, mark: Watermark): Promise<void>;
}

/** A stable id for a source: its kind and what identifies it (resolved log paths, or host + warehouse). */
export function sourceIdOf(kind: "logs" | "warehouse", parts: readonly string[]): string {
  const digest = createHash("sha256")
    .update([...parts].sort().join("\0"))
    .digest("hex")
    .slice(0, 16);
  return `${kind}:${digest}`;
}

/** How long raised alert ids are remembered after their last event: past any lookback, they cannot recur. */
export const RAISED_RETENTION_MS = 90 * 86_400_000;

/** The raised ids still worth remembering (lastSeen within the retention before `nowMs`). */
export function pruneRaised(raised: Watermark["raised"], nowMs: number): Watermark["raised"] {
  return Object.fromEntries(
    Object.entries(raised).filter(([, lastSeen]) => Date.parse(lastSeen) >= nowMs - RAISED_RETENTION_MS),
  );
}

const stateFileSchema = z.object({
  kind: z.literal("lakeward-detect-state"),
  version: z.literal(1),
  sources: z.record(z.string(), watermarkSchema),
});

/**
 * Watermarks in one JSON file. Read once, written whole through a temporary file and a rename, so that a
 * run stopped half-way leaves the previous state, never half a file.
 */
export class FileWatermarkStore implements WatermarkStore {
  private readonly file: string;
  private sources: Record<string, Watermark> | undefined;

  constructor(file: string) {
    this.file = file;
  }

  private async load(): Promise<Record<string, Watermark>> {
    if (this.sources) return this.sources;
    let text: string | undefined;
    try {
      text = await readInputText(this.file, { kind: "snapshot" });
    } catch (error) {
      if (!(error instanceof InputFileError && error.reason === "missing")) throw error;
    }
    if (text === undefined) {
      this.sources = {};
      return this.sources;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new InputError(
        `${this.file}: not a lakeward detect state file (invalid JSON)`,
        "Delete it to start over: the next run reads every log file again and raises every alert once.",
      );
    }
    const result = stateFileSchema.safeParse(parsed);
    if (!result.success)
      throw new InputError(
        `${this.file}: not a lakeward detect state file (${result.error.issues[0]?.path.join(".") || "top level"}: ${result.error.issues[0]?.message ?? "invalid"})`,
        "Delete it to start over: the next run reads every log file again and raises every alert once.",
      );
    this.sources = result.data.sources;
    return this.sources;
  }

  async get(sourceId: string): Promise<Watermark | undefined> {
    return (await this.load())[sourceId];
  }

  async set(sourceId: string, mark: Watermark): Promise<void> {
    const sources = { ...(await this.load()), [sourceId]: watermarkSchema.parse(mark) };
    this.sources = sources;
    const temp = `${this.file}.${randomUUID()}.tmp`;
    await writeFile(temp, `${JSON.stringify({ kind: "lakeward-detect-state", version: 1, sources }, null, 2)}\n`);
    await rename(temp, this.file);
  }
}

/** An in-memory store (tests, and callers that keep state themselves). */
export function memoryWatermarkStore(): WatermarkStore & { marks: Map<string, Watermark> } {
  const marks = new Map<string, Watermark>();
  return {
    marks,
    get: async (id) => marks.get(id),
    set: async (id, mark) => {
      marks.set(id, watermarkSchema.parse(mark));
    },
  };
}
