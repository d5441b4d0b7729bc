// A small HTTP client for the ops scripts: a base URL, a cookie jar (session cookies from
// sign-in), Vercel's deployment-protection bypass header, and a timeout on every request.
import { env } from "@/lib/env";

export interface ClientOptions {
  baseUrl: string;
  /** Vercel "Protection Bypass for Automation" secret, for protected deployment URLs. */
  bypassToken?: string;
  timeoutMs?: number;
}

export function createClient({ baseUrl, bypassToken, timeoutMs = 30_000 }: ClientOptions) {
  const cookies = new Map<string, string>();
  const base = baseUrl.replace(/\/+$/, "");

  async function request(
    method: string,
    path: string,
    options: { json?: unknown; headers?: Record<string, string>; cookies?: boolean } = {},
  ): Promise<Response> {
    const headers = new Headers(options.headers);
    if (bypassToken) headers.set("x-vercel-protection-bypass", bypassToken);
    if (options.cookies !== false && cookies.size > 0) {
      headers.set("cookie", [...cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    }
    let body: string | undefined;
    if (options.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      // An expired or emptied cookie is a deletion.
      if (!value || /max-age=0\b/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    return res;
  }

  return { request, cookies, baseUrl: base };
}

export type Client = ReturnType<typeof createClient>;

/** The response's JSON, or a readable error naming the request and status. */
export async function expectJson(res: Response, expected: number | number[], what: string) {
  const text = await res.text();
  // biome-ignore lint/suspicious/noExplicitAny: the scripts check the fields they use
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {}
  const ok = Array.isArray(expected) ? expected.includes(res.status) : res.status === expected;
  if (!ok) {
    const detail = body?.error ? `${body.error.code}: ${body.error.message}` : text.slice(0, 200);
    throw new Error(`${what}: expected HTTP ${expected}, got ${res.status} (${detail})`);
  }
  return body;
}

/** The command-line options every script that talks to a deployment takes. */
export const deploymentOptions = {
  url: { type: "string" },
  "bypass-token": { type: "string" },
  timeout: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * The client for --url / --bypass-token / --timeout, or null after printing the usage
 * error when --url is missing or not a URL (the caller exits 2).
 */
export function deploymentClient(
  values: { url?: string; "bypass-token"?: string; timeout?: string },
  defaultTimeoutMs: number,
) {
  if (!values.url || !URL.canParse(values.url)) {
    console.error(
      "--url is required (e.g. --url https://voxline.example.com)\n\nRun with --help for usage.",
    );
    return null;
  }
  return createClient({
    baseUrl: values.url,
    bypassToken: values["bypass-token"] ?? env().VERCEL_AUTOMATION_BYPASS_SECRET,
    timeoutMs: Number(values.timeout ?? defaultTimeoutMs),
  });
}
