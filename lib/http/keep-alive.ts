import { after } from "next/server";

/** Keeps the function alive until `work` settles, after the response has gone (Vercel). */
export function keepAlive(work: Promise<unknown>) {
  try {
    after(work);
  } catch {
    // Outside a Next.js request (route handlers called directly in tests) there is nothing to extend.
  }
}
