import type { NextConfig } from "next";
import { securityHeaders } from "./lib/security-headers";

const nextConfig: NextConfig = {
  // Tests that build the app use their own build directory and tsconfig, so they never
  // touch .next or rewrite tsconfig.json; `npm run typecheck` checks the types.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  typescript: process.env.NEXT_TSCONFIG_PATH
    ? { ignoreBuildErrors: true, tsconfigPath: process.env.NEXT_TSCONFIG_PATH }
    : undefined,
  // PGlite and eSpeak NG load their WASM and data files from their own package directories
  // at runtime; espeak-ng does not bundle at all.
  serverExternalPackages: ["@electric-sql/pglite", "espeak-ng", "pino"],
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
      dev: process.env.NODE_ENV === "development",
      livekitUrl: process.env.LIVEKIT_URL,
      sentryDsn: process.env.NEXT_PUBLIC_SENTRY_DSN,
    });
  },
};

export default nextConfig;
