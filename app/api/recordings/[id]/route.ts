// GET /api/recordings/:id — one side of a recorded turn as audio/wav, for its workspace's
// members (RLS: any other user gets 404); a single `Range` is honoured (206 / 416).
import { NextResponse } from "next/server";
import { z } from "zod";
import { type ErrorBody, notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { parseRange, readRecordingAudio } from "@/lib/recordings/playback";

export const dynamic = "force-dynamic";

const params = z.strictObject({ id: z.uuid("Unknown recording") });

export const GET = route({ auth: "user", params }, async ({ req, user, params }) => {
  const audio = await readRecordingAudio(user, params.id);
  if (!audio) throw notFound("Recording");
  const size = audio.byteLength;
  const headers = new Headers({
    "content-type": "audio/wav",
    "accept-ranges": "bytes",
    // Private to the signed-in user; the audio of a turn never changes.
    "cache-control": "private, max-age=3600",
    "content-disposition": `inline; filename="${params.id}.wav"`,
  });
  const range = parseRange(req.headers.get("range"), size);
  if (range === "unsatisfiable") {
    const body: ErrorBody = {
      error: { code: "invalid_input", message: "The range is past the end of the recording" },
    };
    return NextResponse.json(body, {
      status: 416,
      headers: { "content-range": `bytes */${size}` },
    });
  }
  if (!range) {
    headers.set("content-length", String(size));
    return new Response(audio, { status: 200, headers });
  }
  headers.set("content-range", `bytes ${range.start}-${range.end}/${size}`);
  headers.set("content-length", String(range.end - range.start + 1));
  return new Response(audio.subarray(range.start, range.end + 1), { status: 206, headers });
});
