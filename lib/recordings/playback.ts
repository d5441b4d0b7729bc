// Serving a recording: the row is read as the signed-in user, so RLS decides (a recording of
// another workspace is not found), then its bytes come from the store. Turn audio is small
// (seconds of 16-bit mono), so a Range is served from the bytes in memory.
import type { Claims } from "@/lib/auth/claims";
import { getRecording } from "@/lib/db/queries/recordings";
import { withUser } from "@/lib/db/scoped";
import { recordingStore } from "./storage";

/** The recording's WAV bytes, or null when the user may not read it or it is gone. */
export async function readRecordingAudio(
  claims: Claims,
  id: string,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const recording = await withUser(claims, (trx) => getRecording(trx, id));
  if (!recording) return null;
  return recordingStore().get(recording.path);
}

export type ByteRange = { start: number; end: number } | "unsatisfiable" | null;

/**
 * One `bytes=` range of a `size`-byte body (RFC 9110 §14.1.2): null for none, a multi-range
 * or a malformed header (the whole body is sent), "unsatisfiable" for one past the end.
 */
export function parseRange(header: string | null, size: number): ByteRange {
  const match = header && /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first, last] = match;
  if (!first && !last) return null;
  if (!first) {
    const suffix = Number(last);
    if (suffix === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last ? Math.min(Number(last), size - 1) : size - 1;
  if (last && Number(last) < start) return null;
  if (start >= size) return "unsatisfiable";
  return { start, end };
}
