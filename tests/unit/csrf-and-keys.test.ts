// The same-origin rules and the signing key ring, without HTTP.
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import { crossOriginReason } from "@/lib/auth/csrf";
import { signToken, verifyToken } from "@/lib/auth/jwt";
import { keyId } from "@/lib/auth/secret";
import { resetEnvCache } from "@/lib/env";

const ours = ["https://voxline.example.com", "http://localhost:3000"];
const reason = (headers: Record<string, string>) => crossOriginReason(new Headers(headers), ours);

describe("crossOriginReason", () => {
  it("lets same-origin browsers and non-browser clients through", () => {
    expect(
      reason({ "sec-fetch-site": "same-origin", origin: "https://voxline.example.com" }),
    ).toBeNull();
    expect(reason({ origin: "http://localhost:3000" })).toBeNull();
    expect(reason({ "sec-fetch-site": "none" })).toBeNull();
    expect(reason({})).toBeNull(); // curl, server-to-server: no ambient cookies to abuse
  });

  it("refuses cross-site and same-site requests and foreign or opaque origins", () => {
    expect(reason({ "sec-fetch-site": "cross-site" })).toMatch(/cross-site/);
    expect(reason({ "sec-fetch-site": "same-site" })).toMatch(/same-site/);
    expect(reason({ origin: "https://evil.example" })).toMatch(/evil\.example/);
    expect(reason({ origin: "null" })).toMatch(/null/);
    expect(reason({ origin: "http://voxline.example.com" })).not.toBeNull(); // scheme matters
    expect(reason({ origin: "https://voxline.example.com:8443" })).not.toBeNull(); // port too
    // A same-origin claim from a page on an origin that is not ours still fails on Origin.
    expect(
      reason({ "sec-fetch-site": "same-origin", origin: "https://evil.example" }),
    ).not.toBeNull();
  });
});

describe("signing key ring", () => {
  const A = "a".repeat(40);
  const B = "b".repeat(40);
  const use = (current: string, previous?: string) => {
    process.env.AUTH_SECRET = current;
    if (previous) process.env.AUTH_SECRET_PREVIOUS = previous;
    else delete process.env.AUTH_SECRET_PREVIOUS;
    resetEnvCache();
  };
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    resetEnvCache();
  });

  it("signs with the current key id and verifies current and previous only", async () => {
    use(A);
    const byA = await signToken({}, { subject: "s", audience: "test", seconds: 60 });
    use(B, A);
    const byB = await signToken({}, { subject: "s", audience: "test", seconds: 60 });
    expect(JSON.parse(Buffer.from(byB.split(".")[0]!, "base64url").toString()).kid).toBe(keyId(B));
    await expect(verifyToken(byA, "test")).resolves.toMatchObject({ sub: "s" });
    await expect(verifyToken(byB, "test")).resolves.toMatchObject({ sub: "s" });
    use("c".repeat(40), B);
    await expect(verifyToken(byA, "test")).rejects.toThrow();
    await expect(verifyToken(byB, "test")).resolves.toMatchObject({ sub: "s" });
  });

  it("never lets a token pick a key by claiming the previous key's id with another secret", async () => {
    use(B, A);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: "HS256", kid: keyId(A) })
      .setSubject("s")
      .setAudience("test")
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode("x".repeat(40)));
    await expect(verifyToken(forged, "test")).rejects.toThrow();
    // A token without a key id (signed before key ids existed) verifies with the current key only.
    const legacy = (secret: string) =>
      new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject("s")
        .setAudience("test")
        .setExpirationTime("1m")
        .sign(new TextEncoder().encode(secret));
    await expect(verifyToken(await legacy(B), "test")).resolves.toBeTruthy();
    await expect(verifyToken(await legacy(A), "test")).rejects.toThrow();
  });
});
