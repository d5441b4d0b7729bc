// The cookie access both auth backends need, in @supabase/ssr's getAll/setAll shape, so
// route handlers (request/response cookies) and pages/actions (next/headers) can share them.
export interface CookieOptions {
  httpOnly?: boolean;
  sameSite?: "lax" | "strict" | "none" | boolean;
  secure?: boolean;
  path?: string;
  maxAge?: number;
  expires?: Date;
  domain?: string;
}

export interface CookieJar {
  getAll(): { name: string; value: string }[];
  setAll(cookies: { name: string; value: string; options: CookieOptions }[]): void;
}
