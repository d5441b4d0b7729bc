/** Where to go after sign-in: a same-site path only, never another origin. */
export function safeNext(value: string | string[] | undefined, fallback = "/campaigns") {
  const next = Array.isArray(value) ? value[0] : value;
  const sameSite = next?.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\");
  return sameSite ? next! : fallback;
}
