// GET /api/telephony/audio/:token — a phone reply's WAV for Twilio's <Play>, by signed token
import { z } from "zod";
import { withServiceRole } from "@/lib/db/scoped";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { audioIdOf } from "@/lib/telephony/audio-url";
import { readAudio } from "@/lib/telephony/queries";

export const GET = route(
  { params: z.object({ token: z.string().min(20).max(2000) }) },
  async ({ params }) => {
    const id = await audioIdOf(params.token);
    const why = "twilio fetches a phone reply's audio by its signed, expiring token";
    const audio = id ? await withServiceRole(why, (trx) => readAudio(trx, id)) : undefined;
    // Forged, expired and purged tokens look the same.
    if (!audio) throw notFound("Audio");
    return new Response(new Uint8Array(audio.wav), {
      headers: {
        "content-type": "audio/wav",
        "content-length": String(audio.wav.byteLength),
        "cache-control": "private, max-age=600",
      },
    });
  },
);
