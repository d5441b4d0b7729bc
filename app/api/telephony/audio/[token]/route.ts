// GET /api/telephony/audio/:token — a phone reply's WAV for Twilio's <Play>, by signed token
import { z } from "zod";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { readAudioByToken } from "@/lib/telephony/audio-url";

export const GET = route(
  { params: z.object({ token: z.string().min(20).max(2000) }) },
  async ({ params }) => {
    const audio = await readAudioByToken(params.token);
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
