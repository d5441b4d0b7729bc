import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite and eSpeak NG load their WASM and data files from their own package directories
  // at runtime; espeak-ng does not bundle at all.
  serverExternalPackages: ["@electric-sql/pglite", "espeak-ng", "pino"],
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
