// The short-lived signed URL Twilio fetches a reply's audio from: a JWT (the app's key ring,
// its own audience) naming the phone_audio row, valid as long as the row is kept.
import { signToken, verifyToken } from "@/lib/auth/jwt";
import { withServiceRole } from "@/lib/db/scoped";
import { publicUrl } from "./config";
import { AUDIO_TTL_SECONDS, readAudio } from "./queries";

const AUDIENCE = "voxline-phone-audio";

// No user or caller is signed in: the token is the only credential, so the read bypasses RLS.
const WHY = "twilio fetches a phone reply's audio by its signed, expiring token";

export async function signedAudioUrl(audioId: string) {
  const token = await signToken(
    {},
    { subject: audioId, audience: AUDIENCE, seconds: AUDIO_TTL_SECONDS },
  );
  return publicUrl(`/api/telephony/audio/${token}`);
}

/** The audio row id a token names; null when forged, expired or for another audience. */
export async function audioIdOf(token: string): Promise<string | null> {
  try {
    const { sub } = await verifyToken(token, AUDIENCE);
    return typeof sub === "string" && /^[0-9a-f-]{36}$/i.test(sub) ? sub : null;
  } catch {
    return null;
  }
}

/** The reply audio a token names, or undefined when forged, expired or already purged. */
export async function readAudioByToken(token: string) {
  const id = await audioIdOf(token);
  if (!id) return undefined;
  return withServiceRole(WHY, (trx) => readAudio(trx, id));
}
