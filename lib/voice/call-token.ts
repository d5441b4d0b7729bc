// The caller's credential for one call: a short-lived HS256 JWT bound to the conversation.
// Every turn answers with a fresh one, so an active call never expires mid-sentence.
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { getSigningKey } from "@/lib/auth/secret";
import { AppError } from "@/lib/errors";

const AUDIENCE = "voxline-call";
export const CALL_TOKEN_SECONDS = 15 * 60;

const callClaimsSchema = z.object({
  sub: z.uuid(), // conversation id
  sat: z.iso.datetime({ offset: true }), // conversation started_at: half of its key
  own: z.uuid(),
  cmp: z.uuid(),
  /** The campaign's language, so transcription can start before the call is loaded. */
  lng: z.string().max(16),
});
export type CallClaims = z.infer<typeof callClaimsSchema>;

export async function signCallToken(c: CallClaims) {
  return new SignJWT({ sat: c.sat, own: c.own, cmp: c.cmp, lng: c.lng })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(c.sub)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${CALL_TOKEN_SECONDS}s`)
    .sign(await getSigningKey());
}

const invalid = () =>
  new AppError("unauthorized", "The call token is missing, invalid or expired", 401);

/** The call claims of `Authorization: Bearer <callToken>`; 401 otherwise. */
export async function requireCallToken(req: Request): Promise<CallClaims> {
  const token = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!token) throw invalid();
  try {
    const { payload } = await jwtVerify(token, await getSigningKey(), {
      algorithms: ["HS256"],
      audience: AUDIENCE,
    });
    return callClaimsSchema.parse(payload);
  } catch {
    throw invalid();
  }
}
