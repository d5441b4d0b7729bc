// The one environment schema. Every service is either fully configured or absent:
// a half-configured service is a startup error naming the missing variable.
import { z } from "zod";

// Empty strings count as unset, so `FOO=` in a .env file does not half-configure a service.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());
const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());

const secret = (name: string) =>
  z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(32, `${name} must be at least 32 characters`).optional(),
  );

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // The app's public origin (https://voxline.example.com). Cookie-authenticated mutations
  // must come from it (CSRF); on Vercel the platform's own URLs count too.
  APP_URL: optionalUrl,
  NEXT_PUBLIC_APP_URL: optionalUrl,
  // The port `next dev` / `next start` listen on: the local origins allowed in development.
  PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(65535).default(3000),
  ),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  // Signs local sessions and call tokens. Generated into VOXLINE_DATA_DIR when unset.
  AUTH_SECRET: secret("AUTH_SECRET"),
  // The secret AUTH_SECRET replaced: tokens it signed still verify until they expire, so a
  // rotation signs no one out and drops no call (npm run rotate-secrets).
  AUTH_SECRET_PREVIOUS: secret("AUTH_SECRET_PREVIOUS"),
  VOXLINE_DATA_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().default(".data")),

  DATABASE_URL: optionalUrl,
  DIRECT_DATABASE_URL: optionalUrl,
  // Connections per server process. On serverless, keep it small and use the pooler URL.
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  // A database that stops answering fails the request (503) instead of hanging it: the longest
  // one statement may run, and the longest to wait for a connection. 0 turns a bound off.
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(600_000).default(5_000),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(1_500),
  // Authorises the job drain (Vercel Cron sends `Authorization: Bearer $CRON_SECRET`).
  CRON_SECRET: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(16, "CRON_SECRET must be at least 16 characters").optional(),
  ),

  NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optional,
  // Recordings (lib/recordings): with the service role key, turn audio goes to this private
  // Supabase Storage bucket (created on first use); without it, files under VOXLINE_DATA_DIR.
  SUPABASE_SERVICE_ROLE_KEY: optional,
  RECORDINGS_BUCKET: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{2,62}$/, "RECORDINGS_BUCKET must be a bucket name")
      .default("recordings"),
  ),

  LIVEKIT_URL: optionalUrl,
  LIVEKIT_API_KEY: optional,
  LIVEKIT_API_SECRET: optional,

  DEEPGRAM_API_KEY: optional,
  DEEPGRAM_BASE_URL: optionalUrl,

  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optionalUrl,
  OPENAI_MODEL: z.preprocess((v) => (v === "" ? undefined : v), z.string().default("gpt-4o-mini")),
  // Which backend runs each stage. Unset: the configured vendor (Deepgram STT; OpenAI LLM;
  // OpenAI, then Deepgram TTS), else the embedded one. Naming an unconfigured vendor is an error.
  STT_PROVIDER: choice(["deepgram", "none"]),
  LLM_PROVIDER: choice(["openai", "scripted"]),
  TTS_PROVIDER: choice(["openai", "deepgram", "local"]),
  // A second TTS backend tried when the first fails in a turn, before speech is given up.
  TTS_FALLBACK_PROVIDER: choice(["openai", "deepgram", "local"]),

  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optional,

  // Phone calls (lib/telephony): the account whose numbers point at /api/telephony/voice. The
  // auth token validates every webhook's X-Twilio-Signature against APP_URL + the path.
  TWILIO_ACCOUNT_SID: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, "TWILIO_ACCOUNT_SID must be AC + 32 hex digits")
      .optional(),
  ),
  TWILIO_AUTH_TOKEN: optional,
  // Twilio's REST API, which only the health check calls (GET the account); tests point it at
  // a stand-in. The twilio package's edge/region settings can only name *.twilio.com hosts.
  TWILIO_API_URL: optionalUrl,
  // Local development only: accept unsigned webhooks. Refused (startup error) in production.
  TWILIO_INSECURE_WEBHOOKS: z.preprocess(
    (v) => (v === "" || v === undefined ? false : v === "1" || v === "true" ? true : v),
    z.boolean("TWILIO_INSECURE_WEBHOOKS must be 1, true or unset"),
  ),
  // Calls one caller number may place within the window before it hears "try later".
  TWILIO_CALLER_LIMIT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(10_000).default(10),
  ),
  TWILIO_CALLER_WINDOW_SECONDS: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(86_400).default(60),
  ),

  // Who may tell us the client's address, for rate limits (lib/ratelimit/client-address.ts):
  // vercel | none | 1-10 trusted proxy hops. Default: vercel when VERCEL is set, else none.
  TRUST_PROXY: z.preprocess(
    (v) => (v === "" ? undefined : /^\d+$/.test(String(v)) ? Number(v) : v),
    z.union([z.enum(["vercel", "none"]), z.number().int().min(1).max(10)]).optional(),
  ),
  VERCEL: optional,

  // Notifications on a qualified lead (lib/notifications). A Slack incoming webhook, posted
  // for the campaigns that switch Slack on.
  SLACK_WEBHOOK_URL: optionalUrl,
  // Email to the workspace's owners: SMTP_URL (smtp[s]://user:pass@host:port) or SMTP_HOST
  // with SMTP_PORT/SMTP_USER/SMTP_PASS; SMTP_FROM is the sender, required with either.
  SMTP_URL: optionalUrl,
  SMTP_HOST: optional,
  SMTP_PORT: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.coerce.number().int().min(1).max(65535).optional(),
  ),
  SMTP_USER: optional,
  SMTP_PASS: optional,
  SMTP_FROM: optional,

  SENTRY_DSN: optionalUrl,
  NEXT_PUBLIC_SENTRY_DSN: optionalUrl,

  POSTHOG_KEY: optional,
  POSTHOG_HOST: optionalUrl,

  // Set by Vercel on its deployments (hostnames without a scheme): the app's own origins.
  VERCEL_ENV: optional,
  VERCEL_URL: optional,
  VERCEL_BRANCH_URL: optional,
  VERCEL_PROJECT_PRODUCTION_URL: optional,

  // Build and ops tooling (never read by request code). Tests build into their own
  // directory with their own tsconfig.
  NEXT_DIST_DIR: optional,
  NEXT_TSCONFIG_PATH: optional,
  // The Vercel REST API, for rollback and rotate-secrets (see docs/operations.md).
  VERCEL_TOKEN: optional,
  VERCEL_PROJECT_ID: optional,
  VERCEL_ORG_ID: optional,
  VERCEL_API_URL: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.url().default("https://api.vercel.com"),
  ),
  VERCEL_AUTOMATION_BYPASS_SECRET: optional,
  SMOKE_EMAIL: optional,
  SMOKE_PASSWORD: optional,
});

type RawEnv = z.infer<typeof schema>;

// Each service: the variables that must all be set together. Optional extras (base URLs,
// models) are not listed: setting only those does not switch a service on.
const services = {
  supabase: ["NEXT_PUBLIC_SUPABASE_URL", "NEXT_PUBLIC_SUPABASE_ANON_KEY"],
  livekit: ["LIVEKIT_URL", "LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"],
  deepgram: ["DEEPGRAM_API_KEY"],
  openai: ["OPENAI_API_KEY"],
  upstash: ["UPSTASH_REDIS_REST_URL", "UPSTASH_REDIS_REST_TOKEN"],
  twilio: ["TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"],
  sentry: ["SENTRY_DSN"],
  posthog: ["POSTHOG_KEY", "POSTHOG_HOST"],
} as const satisfies Record<string, readonly (keyof RawEnv)[]>;

export type ServiceName = keyof typeof services;

export class EnvError extends Error {
  override name = "EnvError";
}

function serviceState(raw: RawEnv, name: ServiceName): boolean {
  const keys = services[name];
  const missing = keys.filter((k) => raw[k] === undefined);
  if (missing.length === keys.length) return false;
  if (missing.length > 0) {
    throw new EnvError(
      `${name} is half-configured: set ${missing.join(", ")} (or unset ${keys
        .filter((k) => !missing.includes(k))
        .join(", ")})`,
    );
  }
  return true;
}

export function parseEnv(source: Record<string, string | undefined>) {
  const result = schema.safeParse(source);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new EnvError(`Invalid environment: ${first?.path.join(".")}: ${first?.message}`);
  }
  const raw = result.data;
  const enabled = Object.fromEntries(
    (Object.keys(services) as ServiceName[]).map((name) => [name, serviceState(raw, name)]),
  ) as Record<ServiceName, boolean>;

  if (raw.AUTH_SECRET_PREVIOUS && !raw.AUTH_SECRET) {
    throw new EnvError("AUTH_SECRET_PREVIOUS is set but AUTH_SECRET is not: set both or neither");
  }
  if (raw.NODE_ENV === "production" && raw.DATABASE_URL && !raw.AUTH_SECRET) {
    // A generated key would differ per serverless instance and vanish on redeploy.
    throw new EnvError("AUTH_SECRET must be set in production when DATABASE_URL is set");
  }
  for (const stage of [
    "STT_PROVIDER",
    "LLM_PROVIDER",
    "TTS_PROVIDER",
    "TTS_FALLBACK_PROVIDER",
  ] as const) {
    const vendor = raw[stage];
    if (vendor && vendor in enabled && !enabled[vendor as ServiceName]) {
      throw new EnvError(`${stage} is ${vendor} but ${vendor} is not configured`);
    }
  }
  if (
    enabled.twilio &&
    raw.NODE_ENV === "production" &&
    !(raw.APP_URL ?? raw.NEXT_PUBLIC_APP_URL ?? raw.VERCEL_PROJECT_PRODUCTION_URL)
  ) {
    // Twilio signs the public URL it calls; without it no webhook could be verified.
    throw new EnvError("Twilio is configured but APP_URL is not: set the app's public origin");
  }
  if (raw.TWILIO_INSECURE_WEBHOOKS && raw.NODE_ENV === "production") {
    throw new EnvError(
      "TWILIO_INSECURE_WEBHOOKS is for local development only: unset it in production",
    );
  }
  if ((raw.SMTP_URL || raw.SMTP_HOST) && !raw.SMTP_FROM) {
    throw new EnvError("SMTP is configured but SMTP_FROM is not: set the sender's address");
  }
  if (!raw.SMTP_URL && !raw.SMTP_HOST && (raw.SMTP_FROM || raw.SMTP_USER || raw.SMTP_PASS)) {
    throw new EnvError("SMTP is half-configured: set SMTP_URL or SMTP_HOST");
  }
  if (!!raw.SMTP_USER !== !!raw.SMTP_PASS) {
    throw new EnvError("SMTP is half-configured: set both SMTP_USER and SMTP_PASS, or neither");
  }
  if (enabled.supabase && !raw.DATABASE_URL) {
    throw new EnvError(
      "Supabase is configured but DATABASE_URL is not: set the Supabase pooler URL",
    );
  }
  return { ...raw, enabled };
}

export type Env = ReturnType<typeof parseEnv>;

/**
 * The origins the app is served from: APP_URL, NEXT_PUBLIC_APP_URL and Vercel's deployment
 * URLs, never a request's Host header. Outside production (or when none is configured, as
 * with `next start` on a laptop), the usual local origins on PORT as well.
 */
export function appOrigins(e: Env): string[] {
  const origins = new Set<string>();
  for (const url of [e.APP_URL, e.NEXT_PUBLIC_APP_URL]) if (url) origins.add(new URL(url).origin);
  for (const host of [e.VERCEL_URL, e.VERCEL_BRANCH_URL, e.VERCEL_PROJECT_PRODUCTION_URL]) {
    if (host) origins.add(new URL(`https://${host}`).origin);
  }
  if (e.NODE_ENV !== "production" || origins.size === 0) {
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
      origins.add(`http://${host}:${e.PORT}`);
    }
  }
  return [...origins];
}

/**
 * The app's public origin for absolute links (Twilio webhooks, emails, the OpenAPI servers,
 * CSV links): APP_URL, then NEXT_PUBLIC_APP_URL, then Vercel's production URL, then
 * localhost. Never a request's Host header, which the client chooses.
 */
export function publicOrigin(e: Env = env()): string {
  const configured =
    e.APP_URL ??
    e.NEXT_PUBLIC_APP_URL ??
    (e.VERCEL_PROJECT_PRODUCTION_URL ? `https://${e.VERCEL_PROJECT_PRODUCTION_URL}` : undefined);
  return new URL(configured ?? `http://localhost:${e.PORT}`).origin;
}

/**
 * What the server checks before it answers anything: the whole schema, plus what only a
 * running production server needs. Returns the problem, or null when the config is good.
 */
export function startupProblem(source: Record<string, string | undefined>): string | null {
  try {
    const e = parseEnv(source);
    const configured = e.APP_URL ?? e.NEXT_PUBLIC_APP_URL ?? e.VERCEL_URL;
    if (e.NODE_ENV === "production" && e.DATABASE_URL && !configured) {
      // Without it every browser mutation fails the same-origin check.
      return "APP_URL must be set in production when DATABASE_URL is set (the app's public origin, e.g. https://voxline.example.com)";
    }
    return null;
  } catch (error) {
    if (error instanceof EnvError) return error.message;
    throw error;
  }
}

let cached: Env | undefined;

/** The validated environment, parsed once. Throws EnvError naming the first problem. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/**
 * Stops the server before it answers anything when the configuration is invalid, with a
 * message naming the variable, instead of starting and answering 500 to every request.
 * Called from instrumentation.ts register(); `exit` is process.exit there.
 */
export function enforceStartupEnv(
  source: Record<string, string | undefined>,
  exit: (code: number) => void,
  log: (message: string) => void = console.error,
) {
  const problem = startupProblem(source);
  if (!problem) return true;
  log(
    `Voxline cannot start: invalid configuration: ${problem}. Fix the environment (see .env.example) and start again.`,
  );
  exit(1);
  return false;
}
