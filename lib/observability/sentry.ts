// Sentry's options for the server, and the scrubbing every event goes through before it
// leaves the process: no credentials, cookies, request bodies or audio ever reach Sentry.
import type { ErrorEvent, EventHint } from "@sentry/nextjs";
import { env } from "@/lib/env";

// Keys whose values are dropped wherever they appear in an event.
const SECRET_KEY = /passw|secret|token|api[-_]?key|authorization|cookie|audio|pcm|^data$/i;
// Long base64 runs are audio or other binary payloads: never worth sending.
const BINARY = /[A-Za-z0-9+/=]{512,}/g;
const MAX_STRING = 4096;

/** The configured secret values, so they can be cut out of messages and stack text. */
function secretValues(): string[] {
  const e = env();
  const values = [
    e.AUTH_SECRET,
    e.OPENAI_API_KEY,
    e.DEEPGRAM_API_KEY,
    e.LIVEKIT_API_KEY,
    e.LIVEKIT_API_SECRET,
    e.UPSTASH_REDIS_REST_TOKEN,
    e.POSTHOG_KEY,
    e.DATABASE_URL,
    e.DIRECT_DATABASE_URL,
  ];
  for (const url of [e.DATABASE_URL, e.DIRECT_DATABASE_URL]) {
    if (url) values.push(decodeURIComponent(new URL(url).password));
  }
  return values.filter((v): v is string => !!v && v.length >= 6);
}

function scrubString(value: string, secrets: string[]): string {
  let out = value;
  for (const secret of secrets) out = out.split(secret).join("[redacted]");
  out = out.replace(BINARY, "[binary omitted]");
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}…` : out;
}

function scrubValue(value: unknown, secrets: string[], depth: number): unknown {
  if (typeof value === "string") return scrubString(value, secrets);
  if (depth > 12 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : scrubValue(v, secrets, depth + 1);
  }
  return out;
}

/** beforeSend: drops request bodies and cookies, redacts secrets, binary and secret keys. */
export function scrubEvent<E extends ErrorEvent>(event: E, _hint?: EventHint): E {
  if (event.request) {
    delete event.request.data;
    delete event.request.cookies;
    if (event.request.headers) {
      for (const name of Object.keys(event.request.headers)) {
        if (/^(cookie|authorization|x-vercel-protection-bypass)$/i.test(name)) {
          delete event.request.headers[name];
        }
      }
    }
  }
  return scrubValue(event, secretValues(), 0) as E;
}

export function sentryServerOptions() {
  const { SENTRY_DSN, NODE_ENV } = env();
  return {
    dsn: SENTRY_DSN,
    environment: NODE_ENV,
    sendDefaultPii: false,
    // Local variables could hold audio buffers, tokens or caller details: never attach them.
    includeLocalVariables: false,
    tracesSampleRate: 0,
    beforeSend: scrubEvent,
    beforeBreadcrumb: (breadcrumb: { data?: Record<string, unknown> }) => ({
      ...breadcrumb,
      data: breadcrumb.data && (scrubValue(breadcrumb.data, secretValues(), 0) as never),
    }),
  };
}
