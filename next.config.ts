import type { NextConfig } from "next";
import { env } from "./lib/env";
import { securityHeaders } from "./lib/security-headers";
import { deepgramLiveOrigin } from "./lib/voice/stt-live";

// The one env schema: a half-configured or malformed environment stops `next dev`,
// `next build` and `next start` here, naming the variable.
const config = env();

const nextConfig: NextConfig = {
  // Tests that build the app use their own build directory and tsconfig, so they never
  // touch .next or rewrite tsconfig.json; `npm run typecheck` checks the types.
  distDir: config.NEXT_DIST_DIR ?? ".next",
  typescript: config.NEXT_TSCONFIG_PATH
    ? { ignoreBuildErrors: true, tsconfigPath: config.NEXT_TSCONFIG_PATH }
    : undefined,
  // `next dev` serves its client JavaScript only to allowed origins (localhost is built in):
  // opening http://127.0.0.1:3000 or http://[::1]:3000 otherwise loads a page whose forms
  // do nothing.
  allowedDevOrigins: ["127.0.0.1", "[::1]"],
  // PGlite and eSpeak NG load their WASM and data files from their own package directories
  // at runtime; espeak-ng does not bundle at all. twilio (TwiML, webhook signatures) is a
  // large SDK of lazily required REST modules: loaded from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "espeak-ng", "pino", "twilio"],
  // The health routes compare the database's migration version with the SQL files shipped
  // with the code, so those files must be traced into the serverless functions.
  outputFileTracingIncludes: {
    "/api/health": ["./supabase/migrations/**/*.sql"],
    "/api/health/database": ["./supabase/migrations/**/*.sql"],
  },
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return securityHeaders({
      dev: config.NODE_ENV === "development",
      livekitUrl: config.LIVEKIT_URL,
      sentryDsn: config.NEXT_PUBLIC_SENTRY_DSN,
      deepgramLiveOrigin: deepgramLiveOrigin(config) ?? undefined,
    });
  },
};

export default nextConfig;
