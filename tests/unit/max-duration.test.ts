// Every route's `export const maxDuration` agrees with the vercel.json pattern that covers it:
// Vercel uses vercel.json, `next start` and other hosts use the route's own export, and the
// two must not disagree about how long a call start, a turn or a job drain may run.
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
const globToRegExp = (glob: string) =>
  new RegExp(
    `^${glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*\//g, "\0")
      .replace(/\*/g, "[^/]*")
      .replaceAll("\0", "(?:.*/)?")}$`,
  );

const declared = (source: string) =>
  /export const maxDuration\s*=\s*(\d+)/.exec(source)?.[1] ?? undefined;

describe("maxDuration", () => {
  it("of every voice, calls and jobs route is declared and equals vercel.json", async () => {
    const config = JSON.parse(await readFile("vercel.json", "utf8"));
    const patterns = Object.entries<{ maxDuration: number }>(config.functions);
    const routes = await routeFiles("app/api");
    let checked = 0;
    for (const file of routes) {
      const match = patterns.find(([glob]) => globToRegExp(glob).test(file));
      const own = declared(await readFile(file, "utf8"));
      const mustDeclare = /^app\/api\/(voice|calls|jobs)\//.test(file);
      if (mustDeclare) expect(own, `${file} declares maxDuration`).toBeDefined();
      if (own === undefined) continue;
      expect(match, `${file} is covered by a vercel.json pattern`).toBeDefined();
      expect(Number(own), file).toBe(match![1].maxDuration);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("the job drain is scheduled by a cron that hits an existing route", async () => {
    const config = JSON.parse(await readFile("vercel.json", "utf8"));
    const drain = config.crons.find((c: { path: string }) => c.path === "/api/jobs/drain");
    expect(drain.schedule).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    await readFile("app/api/jobs/drain/route.ts", "utf8");
  });
});
