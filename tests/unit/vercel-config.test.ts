// vercel.json: every `functions` pattern must match a route file (Vercel fails the deploy
// on a pattern that matches nothing), and the long-running voice routes get 60 s.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

async function routeFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /^route\.tsx?$/.test(e.name))
    .map((e) => path.relative(process.cwd(), path.join(e.parentPath, e.name)));
}

/** Vercel's function globs: `**` spans directories, `*` stays within one. */
function globToRegExp(glob: string) {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escaped.replace(/\*\*\//g, "(?:.*/)?").replace(/\*/g, "[^/]*")}$`);
}

describe("vercel.json", () => {
  it("gives each functions pattern at least one route, voice and calls 60 s", async () => {
    const config = JSON.parse(await readFile("vercel.json", "utf8"));
    const routes = await routeFiles("app/api");
    for (const [pattern, settings] of Object.entries<{ maxDuration: number }>(config.functions)) {
      const matched = routes.filter((r) => globToRegExp(pattern).test(r));
      expect(matched.length, pattern).toBeGreaterThan(0);
      expect(settings.maxDuration).toBeGreaterThan(0);
    }
    expect(config.functions["app/api/voice/**/*"].maxDuration).toBe(60);
    expect(config.functions["app/api/calls/**/*"].maxDuration).toBe(60);
    expect(config.framework).toBe("nextjs");
    expect(config.regions).toHaveLength(1);
  });
});
