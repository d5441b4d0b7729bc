import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;

// Test files that run a Next.js server (dev or production build) and, mostly, Chromium.
const SERVER_TESTS = [
  "tests/e2e/**/*.test.ts",
  "tests/integration/dev-origins.test.ts",
  "tests/integration/production-build.test.ts",
];

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@\//, replacement: `${root}/` },
      // Marker package that throws outside React Server Components; tests are plain Node.
      { find: "server-only", replacement: path.join(root, "tests/helpers/empty.ts") },
    ],
  },
  test: {
    globalSetup: ["tests/helpers/global-setup.ts"],
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 180_000,
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: process.env.LOG_LEVEL ?? "silent",
      AUTH_SECRET: "test-secret-that-is-at-least-32-characters-long",
      VOXLINE_DATA_DIR: path.join(tmpdir(), "voxline-test-data"),
      NEXT_TELEMETRY_DISABLED: "1",
    },
    // Two groups, one after the other. The files that start a Next.js server (next dev
    // compiles each page on its first visit; next build compiles everything) run one at a
    // time once the rest is done: two of them beside each other and the unit suite made a
    // two-core machine so slow that a wait meant for a page was spent on a compile.
    projects: [
      {
        extends: true,
        test: {
          name: "core",
          include: ["tests/**/*.test.ts"],
          exclude: SERVER_TESTS,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "servers",
          include: SERVER_TESTS,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
