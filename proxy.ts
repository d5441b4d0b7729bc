// Runs before matching requests. With Supabase Auth it refreshes the session cookies (the
// @supabase/ssr pattern); pages and routes still check the session themselves.
import { type NextRequest, NextResponse } from "next/server";
import { createSupabaseServerClient } from "@/lib/auth/supabase";
import { env } from "@/lib/env";

export async function proxy(request: NextRequest) {
  if (!env().enabled.supabase) return NextResponse.next({ request });
  let response = NextResponse.next({ request });
  const supabase = createSupabaseServerClient({
    getAll: () => request.cookies.getAll(),
    setAll: (cookies) => {
      for (const { name, value } of cookies) request.cookies.set(name, value);
      response = NextResponse.next({ request });
      for (const { name, value, options } of cookies) response.cookies.set(name, value, options);
    },
  });
  await supabase.auth.getClaims();
  return response;
}

export const config = {
  // Call and voice routes authenticate with the call token, never the session: skip them.
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|api/health|api/calls|api/voice|.*\\.(?:svg|png|jpg|jpeg|gif|webp|wasm|onnx)$).*)",
  ],
};
