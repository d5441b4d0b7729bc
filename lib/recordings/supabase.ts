// Recordings in a private Supabase Storage bucket, through supabase-js with the service role
// (no user session exists when a turn's audio is stored or a retention purge runs; playback
// is authorised by RLS on turn_recordings before the object is fetched). The bucket is made
// private on first use when it does not exist.
import "server-only";
import { createClient } from "@supabase/supabase-js";
import ws from "ws";
import { assertRecordingPath } from "./paths";
import type { RecordingStore } from "./storage";

export interface SupabaseStoreOptions {
  url: string;
  serviceRoleKey: string;
  bucket: string;
}

/** Storage answers a missing object or bucket with 400 or 404 and "not found" in the body. */
function isNotFound(error: { message?: string; status?: number; statusCode?: string }) {
  return (
    error.status === 404 || error.statusCode === "404" || /not[ _]?found/i.test(error.message ?? "")
  );
}

/** Storage's error as an Error naming the operation. */
function failed(op: string, error: { message?: string }) {
  return new Error(`Supabase Storage ${op} failed: ${error.message ?? "unknown error"}`);
}

const REMOVE_BATCH = 1000;

export function supabaseRecordingStore(options: SupabaseStoreOptions): RecordingStore {
  const client = createClient(options.url, options.serviceRoleKey, {
    auth: { persistSession: false, autoRefreshToken: false },
    // Node 20 has no global WebSocket; see lib/auth/supabase.ts.
    realtime: { transport: ws as never },
  });
  const bucket = () => client.storage.from(options.bucket);
  let ready: Promise<void> | null = null;
  const ensureBucket = () => {
    ready ??= (async () => {
      const found = await client.storage.getBucket(options.bucket);
      if (!found.error) return;
      if (!isNotFound(found.error)) throw failed("getBucket", found.error);
      const made = await client.storage.createBucket(options.bucket, { public: false });
      // Another instance may have made it in between.
      if (made.error && !/exist|duplicate/i.test(made.error.message))
        throw failed("createBucket", made.error);
    })().catch((error) => {
      ready = null;
      throw error;
    });
    return ready;
  };
  return {
    kind: "supabase",
    async put(path, bytes) {
      assertRecordingPath(path);
      await ensureBucket();
      const { error } = await bucket().upload(path, bytes, {
        contentType: "audio/wav",
        upsert: true,
      });
      if (error) throw failed("upload", error);
    },
    async get(path) {
      assertRecordingPath(path);
      const { data, error } = await bucket().download(path);
      if (error) {
        if (isNotFound(error)) return null;
        throw failed("download", error);
      }
      return new Uint8Array(await data.arrayBuffer());
    },
    async remove(paths) {
      for (const path of paths) assertRecordingPath(path);
      for (let at = 0; at < paths.length; at += REMOVE_BATCH) {
        const { error } = await bucket().remove(paths.slice(at, at + REMOVE_BATCH));
        if (error && !isNotFound(error)) throw failed("remove", error);
      }
    },
  };
}
