// The browser-side Supabase client, for client components that need the session (e.g. a
// realtime subscription). Only the public URL and anon key reach the bundle; they are read
// from process.env literally because Next inlines NEXT_PUBLIC_* only when written that way.
import { createBrowserClient } from "@supabase/ssr";

export function createSupabaseBrowserClient() {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  const anonKey = process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url || !anonKey) throw new Error("Supabase is not configured");
  return createBrowserClient(url, anonKey);
}
