// The Supabase Storage backend of recordings, through supabase-js against a local stand-in
// speaking Storage's REST endpoints: a private bucket made on first use, upload (overwrite),
// download, a missing object as null, deletes that ignore what is already gone, and the
// service role key on every request. The app picks it when the project URL and the service
// role key are set.
import { afterAll, beforeAll, expect, it } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { recordingPath, recordingStore, resetRecordingStore } from "@/lib/recordings/storage";
import { supabaseRecordingStore } from "@/lib/recordings/supabase";
import { startSupabaseStorage } from "../stand-ins/supabase-storage";

const KEY = "service-role-key-for-the-storage-stand-in";
let storage: Awaited<ReturnType<typeof startSupabaseStorage>>;

beforeAll(async () => {
  storage = await startSupabaseStorage(KEY);
});
afterAll(() => storage.close());

const key = (seq: number, role: "caller" | "agent" = "agent") =>
  recordingPath({
    workspaceId: "00000000-0000-4000-8000-000000000001",
    conversationId: "00000000-0000-4000-8000-000000000002",
    seq,
    role,
  });

it("stores, reads and deletes objects in a private bucket it makes on first use", async () => {
  const store = supabaseRecordingStore({ url: storage.url, serviceRoleKey: KEY, bucket: "rec-a" });
  expect(await store.get(key(1))).toBeNull();

  const audio = new Uint8Array([82, 73, 70, 70, 1, 2, 3]);
  await store.put(key(1), audio);
  expect(storage.buckets.get("rec-a")?.public).toBe(false);
  const object = storage.objects("rec-a").get(key(1));
  expect(object?.contentType).toBe("audio/wav");
  expect(Buffer.compare(object!.bytes, Buffer.from(audio))).toBe(0);
  expect(await store.get(key(1))).toEqual(audio);

  // A retried turn overwrites its audio.
  await store.put(key(1), new Uint8Array([9, 9]));
  expect(await store.get(key(1))).toEqual(new Uint8Array([9, 9]));

  await store.put(key(2, "caller"), new Uint8Array([1]));
  await store.remove([key(1), key(3)]);
  expect([...storage.objects("rec-a").keys()]).toEqual([key(2, "caller")]);
  await store.remove([]);
  // The bucket was looked up once, and every request carried the service role.
  const bucketCalls = storage.requests.filter((r) => r.path.startsWith("/storage/v1/bucket"));
  expect(bucketCalls.map((r) => r.method)).toEqual(["GET", "POST"]);
});

it("uses a bucket that exists, and fails loudly on a wrong key", async () => {
  const first = supabaseRecordingStore({ url: storage.url, serviceRoleKey: KEY, bucket: "rec-b" });
  await first.put(key(1), new Uint8Array([1]));
  // Another instance finds the bucket already there.
  const second = supabaseRecordingStore({ url: storage.url, serviceRoleKey: KEY, bucket: "rec-b" });
  await second.put(key(2), new Uint8Array([2]));
  expect(storage.objects("rec-b").size).toBe(2);

  const wrong = supabaseRecordingStore({
    url: storage.url,
    serviceRoleKey: "not-the-key",
    bucket: "rec-b",
  });
  await expect(wrong.put(key(3), new Uint8Array([3]))).rejects.toThrow(/Supabase Storage/);
  await expect(wrong.get(key(1))).rejects.toThrow(/Supabase Storage download failed/);
});

it("refuses a path that is not a recording's key", async () => {
  const store = supabaseRecordingStore({ url: storage.url, serviceRoleKey: KEY, bucket: "rec-c" });
  await expect(store.put("../escape.wav", new Uint8Array([1]))).rejects.toThrow(/not a recording/);
});

it("is the store the app picks when the project URL and the service role key are set", async () => {
  const saved = { ...process.env };
  Object.assign(process.env, {
    NEXT_PUBLIC_SUPABASE_URL: storage.url,
    NEXT_PUBLIC_SUPABASE_ANON_KEY: "anon-key",
    SUPABASE_SERVICE_ROLE_KEY: KEY,
    RECORDINGS_BUCKET: "rec-env",
    DATABASE_URL: process.env.DATABASE_URL ?? "postgres://unused@127.0.0.1:1/none",
  });
  try {
    resetEnvCache();
    resetRecordingStore();
    const store = recordingStore();
    expect(store.kind).toBe("supabase");
    await store.put(key(5), new Uint8Array([5]));
    expect(storage.objects("rec-env").has(key(5))).toBe(true);
  } finally {
    process.env = saved;
    resetEnvCache();
    resetRecordingStore();
  }
  expect(recordingStore().kind).toBe("files");
});
