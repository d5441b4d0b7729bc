// `npm run rotate-secrets` as operators run it (a child process, real exit codes) against
// the Vercel REST stand-in: the plan names secrets by key id and never prints them, nothing
// changes without confirmation, a hidden ("sensitive") current secret must be handed in,
// and vendor keys are set from a file. (secret-rotation.test.ts runs the app across one.)
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { keyId } from "@/lib/auth/secret";
import { liveDeployment, runScript, vercelEnv } from "../helpers/scripts";
import { type StandInEnvVar, startVercel } from "../stand-ins/vercel";

const auth = { token: "vercel-test-token", projectId: "prj_keys", teamId: "team_keys" };
const CURRENT = "current-secret-0123456789-0123456789-abcdef";
const OLDER = "older-secret-0123456789-0123456789-abcdefgh";

describe("rotate-secrets (Vercel)", { timeout: 60_000 }, () => {
  let vercel: Awaited<ReturnType<typeof startVercel>>;

  async function start(env: StandInEnvVar[]) {
    vercel = await startVercel({
      ...auth,
      deployments: [liveDeployment()],
      production: "dpl_live",
      env,
    });
  }
  const secrets = (type: StandInEnvVar["type"] = "encrypted"): StandInEnvVar[] => [
    { key: "AUTH_SECRET", value: CURRENT, type, target: ["production", "preview"] },
    { key: "AUTH_SECRET_PREVIOUS", value: OLDER, type, target: ["production", "preview"] },
    { key: "OPENAI_API_KEY", value: "sk-old-key-1111", type, target: ["production"] },
  ];
  const value = (key: string) => vercel.env().find((v) => v.key === key)?.value;
  const writes = () => vercel.requests().filter((r) => r.method !== "GET");

  const run = (args: string[], extra: Record<string, string> = {}) =>
    runScript("rotate-secrets", args, { ...vercelEnv(auth, vercel.url), ...extra });

  beforeEach(() => start(secrets()));
  afterEach(() => vercel?.close());

  it("--dry-run names the secrets by key id, prints none, and changes nothing", async () => {
    const { code, output } = await run(["--dry-run"]);
    expect(code, output).toBe(0);
    expect(output).toContain(`the current secret (key id ${keyId(CURRENT)})`);
    expect(output).toContain(`the secret before it (key id ${keyId(OLDER)})`);
    expect(output).toContain("Dry run: nothing changed.");
    expect(output).not.toContain(CURRENT);
    expect(output).not.toContain(OLDER);
    expect(writes()).toEqual([]);
  });

  it("refuses without --yes when there is no terminal to confirm on", async () => {
    const { code, output } = await run([]);
    expect(code).toBe(3);
    expect(output).toMatch(/nothing changed/);
    expect(writes()).toEqual([]);
  });

  it("moves the current secret to previous, sets a new one on the same targets, redeploys", async () => {
    const { code, output } = await run(["--yes"]);
    expect(code, output).toBe(0);
    expect(value("AUTH_SECRET_PREVIOUS")).toBe(CURRENT);
    const next = value("AUTH_SECRET")!;
    expect(next).not.toBe(CURRENT);
    expect(next.length).toBeGreaterThanOrEqual(32);
    expect(vercel.env().find((v) => v.key === "AUTH_SECRET")!.target).toEqual([
      "production",
      "preview",
    ]);
    expect(output).not.toContain(next);
    expect(vercel.production()).toBe("dpl_redeploy_1");
    expect(vercel.deployedEnv("dpl_redeploy_1")).toMatchObject({
      AUTH_SECRET: next,
      AUTH_SECRET_PREVIOUS: CURRENT,
    });
    expect(output).toMatch(/Redeployed production: voxline-live\.vercel\.app -> /);
  });

  it("asks for a sensitive current secret, which Vercel never returns", async () => {
    await vercel.close();
    await start(secrets("sensitive"));
    const refused = await run(["--yes"]);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/sensitive variable/);
    expect(writes()).toEqual([]);

    const ok = await run(["--yes"], { AUTH_SECRET: CURRENT });
    expect(ok.code, ok.output).toBe(0);
    expect(value("AUTH_SECRET_PREVIOUS")).toBe(CURRENT);
    expect(vercel.env().find((v) => v.key === "AUTH_SECRET")!.type).toBe("sensitive");
  });

  it("sets vendor keys from a file, showing only their last characters", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "voxline-rotate-"));
    try {
      const file = path.join(dir, "new-keys.env");
      await writeFile(file, "OPENAI_API_KEY=sk-new-key-2222\nDEEPGRAM_API_KEY=dg-new-3333\n");
      const { code, output } = await run(["--yes", "--vendor-file", file]);
      expect(code, output).toBe(0);
      expect(output).toMatch(/OPENAI_API_KEY\s+…1111 -> …2222/);
      expect(output).not.toContain("sk-new-key-2222");
      expect(value("OPENAI_API_KEY")).toBe("sk-new-key-2222");
      expect(value("DEEPGRAM_API_KEY")).toBe("dg-new-3333");
      expect(value("AUTH_SECRET")).toBe(CURRENT); // only with --auth
      expect(vercel.production()).toBe("dpl_redeploy_1");

      await writeFile(file, "DATABASE_URL=postgres://elsewhere/db\n");
      const unknown = await run(["--yes", "--vendor-file", file]);
      expect(unknown.code).toBe(2);
      expect(unknown.output).toMatch(/Not a vendor key this script rotates: DATABASE_URL/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 naming the missing variable when VERCEL_TOKEN is unset", async () => {
    const { code, output } = await run(["--dry-run"], { VERCEL_TOKEN: "" });
    expect(code).toBe(2);
    expect(output).toMatch(/VERCEL_TOKEN/);
  });
});
