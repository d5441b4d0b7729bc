// Runs before matching requests. For /api/* it answers malformed paths (400), methods a route
// does not export (405 + Allow) and unroutable methods on unknown paths (404) as JSON errors
// (lib/http/api-gate.ts). With Supabase Auth it refreshes the session cookies (the
// @supabase/ssr pattern); pages and routes still check the session themselves.
import { type NextRequest, NextResponse } from "next/server";
import { createSupabaseServerClient } from "@/lib/auth/supabase";
import { env } from "@/lib/env";
import { gateApiRequest } from "@/lib/http/api-gate";
import { requestIdFrom } from "@/lib/observability/context";

// Call, voice and health routes never use the session: no cookie refresh for them.
const SESSIONLESS = /^\/api\/(health|calls|voice)(\/|$)/;

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/")) {
    const answer = gateApiRequest(request.method, pathname);
    if (answer) {
      const body = request.method === "HEAD" ? null : JSON.stringify(answer.body);
      return new NextResponse(body, {
        status: answer.status,
        headers: {
          "content-type": "application/json",
          "x-request-id": requestIdFrom(request.headers),
          ...answer.headers,
        },
      });
    }
    if (SESSIONLESS.test(pathname)) return NextResponse.next({ request });
  }
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
  matcher: [
    "/((?!_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|wasm|onnx)$).*)",
  ],
};
