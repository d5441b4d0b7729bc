// Where turn audio lives: one interface, two backends. Files under the data directory on the
// embedded default (VOXLINE_DATA_DIR/recordings), a private Supabase Storage bucket when
// NEXT_PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are set. Paths are relative keys
// (`<workspace>/<conversation>/<seq>-<role>.wav`); every method is idempotent.
import { env } from "@/lib/env";
import { fileRecordingStore } from "./files";
import { supabaseRecordingStore } from "./supabase";

export { assertRecordingPath, recordingPath } from "./paths";

export interface RecordingStore {
  readonly kind: "files" | "supabase";
  /** Writes (or overwrites) the object at `path`. */
  put(path: string, bytes: Uint8Array): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(path: string): Promise<Uint8Array<ArrayBuffer> | null>;
  /** Deletes the objects; paths that do not exist are ignored. */
  remove(paths: string[]): Promise<void>;
}

const state = globalThis as unknown as { voxlineRecordingStore?: RecordingStore };

/**
 * Why turn audio cannot be kept in this deployment, or null. On Vercel a function's files
 * do not outlive it, so recording there needs Supabase Storage.
 */
export function recordingStoreProblem(): string | null {
  const e = env();
  if ((e.NEXT_PUBLIC_SUPABASE_URL && e.SUPABASE_SERVICE_ROLE_KEY) || !e.VERCEL) return null;
  return "Recording calls on Vercel needs Supabase Storage: set SUPABASE_SERVICE_ROLE_KEY (and NEXT_PUBLIC_SUPABASE_URL)";
}

/** The configured store, made once per process. */
export function recordingStore(): RecordingStore {
  if (state.voxlineRecordingStore) return state.voxlineRecordingStore;
  const e = env();
  const store =
    e.NEXT_PUBLIC_SUPABASE_URL && e.SUPABASE_SERVICE_ROLE_KEY
      ? supabaseRecordingStore({
          url: e.NEXT_PUBLIC_SUPABASE_URL,
          serviceRoleKey: e.SUPABASE_SERVICE_ROLE_KEY,
          bucket: e.RECORDINGS_BUCKET,
        })
      : fileRecordingStore(e.VOXLINE_DATA_DIR);
  state.voxlineRecordingStore = store;
  return store;
}

/** Forgets the store made from the environment (tests that change it). */
export function resetRecordingStore() {
  state.voxlineRecordingStore = undefined;
}
