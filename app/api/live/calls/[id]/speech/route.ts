// POST /api/live/calls/:id/speech — the words of the member holding the call, spoken into its
// LiveKit room: one utterance as multipart WAV (with the browser's transcript when the server
// has no STT), transcribed and stored as a human_agent turn (lib/live/takeover.ts)
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { storeHumanSpeech } from "@/lib/live/takeover";
import { getProviders } from "@/lib/voice/providers";
import { callerInput, readTurnInput } from "@/lib/voice/turn-input";
import { resolveActor } from "@/lib/workspaces/current";

export const maxDuration = 60;

const params = z.strictObject({ id: z.uuid("Unknown call") });

export const POST = route(
  { auth: "user", params, rateLimit: "voiceTurn" },
  async ({ req, user, cookies, params }) => {
    const actor = await resolveActor(user, cookies.jar);
    const providers = getProviders();
    const input = callerInput(await readTurnInput(req), providers.stt !== null);
    if (input.kind !== "audio")
      throw new AppError("invalid_input", "Send the utterance as multipart/form-data audio", 400);
    return NextResponse.json(
      await storeHumanSpeech(actor, params.id, input, providers, req.signal),
      {
        status: 201,
      },
    );
  },
);
