// Signing and verifying the app's own HS256 tokens (local sessions, call tokens) with the
// key ring: new tokens carry the current key's id; a token verifies with the key its id
// names, current or previous, and with nothing else.
import { type JWTPayload, jwtVerify, SignJWT } from "jose";
import { getKeyRing, keyFor } from "./secret";

export async function signToken(
  claims: JWTPayload,
  options: { subject: string; audience: string; seconds: number },
) {
  const { current } = await getKeyRing();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: current.kid })
    .setSubject(options.subject)
    .setAudience(options.audience)
    .setIssuedAt()
    .setExpirationTime(`${options.seconds}s`)
    .sign(current.key);
}

/** The verified payload; throws when the signature, key id, audience or expiry is wrong. */
export async function verifyToken(token: string, audience: string): Promise<JWTPayload> {
  const ring = await getKeyRing();
  const { payload } = await jwtVerify(
    token,
    (header) => {
      const key = keyFor(ring, header.kid);
      if (!key) throw new Error("unknown key id");
      return key;
    },
    { algorithms: ["HS256"], audience },
  );
  return payload;
}
