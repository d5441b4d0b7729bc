import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Marker package that throws outside React Server Components; tests are plain Node.
      { find: "server-only", replacement: path.join(root, "tests/helpers/empty.ts") },
    ],
  },
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/helpers/global-setup.ts"],
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 180_000,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      AUTH_SECRET: "test-secret-that-is-at-least-32-characters-long",
      VOXLINE_DATA_DIR: path.join(tmpdir(), "voxline-test-data"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
  },
});
