/**
 * Evidence and results of a run are stored compressed (Brotli, from node:zlib) and by content hash, so
 * identical evidence — most days' reads of a workspace nobody touched — is stored once. The hash is over
 * the canonical JSON (sorted keys and lists), so a key or list order that differs between two reads does
 * not make a second copy. What is stored is the value as given, lists in their own order: a path's steps, a
 * result's evidence or an ACL's entries mean something in that order, and reading a run back must give what
 * was judged (the first copy's order when two runs stored the same content).
 */
import { createHash } from "node:crypto";
import { brotliCompressSync, brotliDecompressSync, constants } from "node:zlib";
import { canonicalJson } from "../diff/canonical.ts";

/** Largest decompressed blob accepted when reading (a bound on a corrupted or hostile store). */
const MAX_BLOB_BYTES = 256 * 1024 * 1024;

export interface EncodedBlob {
  hash: string;
  size: number;
  data: Buffer;
}

export function encodeBlob(value: unknown): EncodedBlob {
  const hash = createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
  const raw = Buffer.from(JSON.stringify(value), "utf8");
  const data = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  return { hash, size: raw.length, data };
}

export function decodeBlob(data: Buffer | Uint8Array): unknown {
  const raw = brotliDecompressSync(Buffer.from(data), { maxOutputLength: MAX_BLOB_BYTES });
  return JSON.parse(raw.toString("utf8"));
}
