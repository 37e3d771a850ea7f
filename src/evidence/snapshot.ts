/** Snapshot files: the evidence of one collection run, written so it can be scanned again offline. */
import { z } from "zod";
import { InputError } from "../errors.ts";
import { isoDateTimeSchema } from "../util/iso-time.ts";
import { type ParsedJson, readJsonFile, validateJson } from "../util/json-file.ts";
import { writeOutputFile } from "../util/output-file.ts";
import { VERSION } from "../version.ts";
import { collectionProblemSchema, EVIDENCE_SCHEMA_VERSION, workspaceEvidenceSchema } from "./model.ts";

export const snapshotSchema = z.object({
  schema: z.literal("lakeward/snapshot"),
  schemaVersion: z.literal(EVIDENCE_SCHEMA_VERSION),
  tool: z.object({ name: z.literal("lakeward"), version: z.string() }),
  createdAt: isoDateTimeSchema,
  workspaces: z.array(workspaceEvidenceSchema),
  problems: z
    .array(collectionProblemSchema)
    .optional()
    .describe("problems of the run rather than of one workspace, e.g. a subscription that could not be listed"),
});
export type Snapshot = z.infer<typeof snapshotSchema>;

export function makeSnapshot(
  workspaces: Snapshot["workspaces"],
  createdAt = new Date(),
  problems: NonNullable<Snapshot["problems"]> = [],
): Snapshot {
  return {
    schema: "lakeward/snapshot",
    schemaVersion: EVIDENCE_SCHEMA_VERSION,
    tool: { name: "lakeward", version: VERSION },
    createdAt: createdAt.toISOString(),
    workspaces,
    ...(problems.length ? { problems } : {}),
  };
}

export async function writeSnapshot(file: string, snapshot: Snapshot): Promise<void> {
  await writeOutputFile(file, `${JSON.stringify(snapshot, null, 2)}\n`);
}

export async function readSnapshot(file: string): Promise<Snapshot> {
  return snapshotFromJson(await readJsonFile(file, { kind: "snapshot" }));
}

/** Validates an already parsed snapshot file (diff reads the file once to tell snapshots from results). */
export function snapshotFromJson(parsed: ParsedJson): Snapshot {
  const file = parsed.file;
  const header = parsed.value as { schema?: unknown; schemaVersion?: unknown } | null;
  if (!header || typeof header !== "object" || header.schema !== "lakeward/snapshot") {
    throw new InputError(
      `${file}: line 1: not a lakeward snapshot (no "schema": "lakeward/snapshot")`,
      "Create one with `lakeward collect --output FILE`.",
    );
  }
  if (typeof header.schemaVersion === "number" && header.schemaVersion !== EVIDENCE_SCHEMA_VERSION) {
    const newer = header.schemaVersion > EVIDENCE_SCHEMA_VERSION;
    throw new InputError(
      `${file}: line ${parsed.lineOf(["schemaVersion"])}: snapshot schema version ${header.schemaVersion}; this lakeward (${VERSION}) reads version ${EVIDENCE_SCHEMA_VERSION}`,
      newer ? "Upgrade lakeward to read it." : "Collect the snapshot again with this version.",
    );
  }
  return validateJson(parsed, snapshotSchema, "lakeward snapshot");
}
