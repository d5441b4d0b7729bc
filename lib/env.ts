// The one environment schema. Every service is either fully configured or absent:
// a half-configured service is a startup error naming the missing variable.
import { z } from "zod";

// Empty strings count as unset, so `FOO=` in a .env file does not half-configure a service.
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());
const choice = <T extends string>(values: readonly [T, ...T[]]) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values).optional());

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  NEXT_PUBLIC_APP_URL: optionalUrl,
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  // Signs local sessions and call tokens. Generated into VOXLINE_DATA_DIR when unset.
  AUTH_SECRET: z.preprocess(
    (v) => (v === "" ? undefined : v),
    z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
  ),
  VOXLINE_DATA_DIR: z.preprocess((v) => (v === "" ? undefined : v), z.string().default(".data")),

  DATABASE_URL: optionalUrl,
  DIRECT_DATABASE_URL: optionalUrl,
  // Connections per server process. On serverless, keep it small and use the pooler URL.
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),

  NEXT_PUBLIC_SUPABASE_URL: optionalUrl,
  NEXT_PUBLIC_SUPABASE_ANON_KEY: optional,

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

  UPSTASH_REDIS_REST_URL: optionalUrl,
  UPSTASH_REDIS_REST_TOKEN: optional,

  SENTRY_DSN: optionalUrl,
  NEXT_PUBLIC_SENTRY_DSN: optionalUrl,

  POSTHOG_KEY: optional,
  POSTHOG_HOST: optionalUrl,
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

  if (raw.NODE_ENV === "production" && raw.DATABASE_URL && !raw.AUTH_SECRET) {
    // A generated key would differ per serverless instance and vanish on redeploy.
    throw new EnvError("AUTH_SECRET must be set in production when DATABASE_URL is set");
  }
  for (const stage of ["STT_PROVIDER", "LLM_PROVIDER", "TTS_PROVIDER"] as const) {
    const vendor = raw[stage];
    if (vendor && vendor in enabled && !enabled[vendor as ServiceName]) {
      throw new EnvError(`${stage} is ${vendor} but ${vendor} is not configured`);
    }
  }
  if (enabled.supabase && !raw.DATABASE_URL) {
    throw new EnvError(
      "Supabase is configured but DATABASE_URL is not: set the Supabase pooler URL",
    );
  }
  return { ...raw, enabled };
}

export type Env = ReturnType<typeof parseEnv>;

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
