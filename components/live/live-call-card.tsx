"use client";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { LiveCallView, LiveTurnView } from "@/lib/live/monitor";
import { CallDuration } from "./call-duration";
import { LiveTranscript } from "./live-transcript";
import { RoomAudio } from "./room-audio";
import { TakeoverControls } from "./takeover-controls";

export function LiveCallCard({
  call,
  turns,
  me,
  holder,
  canTakeOver,
  roomAudio,
}: {
  call: LiveCallView;
  turns: LiveTurnView[];
  me: string;
  holder: string | null;
  canTakeOver: boolean;
  /** LiveKit is configured: members can listen in and talk by voice. */
  roomAudio: boolean;
}) {
  const mine = call.hold?.by === me;
  return (
    <Card
      className="flex h-full flex-col overflow-hidden"
      data-testid="live-call"
      data-conversation-id={call.id}
      data-held={call.hold ? (mine ? "me" : "other") : "no"}
    >
      <div className="flex flex-wrap items-start justify-between gap-2 border-b border-zinc-200 px-4 py-3">
        <div className="min-w-0">
          <h2 className="truncate font-semibold text-zinc-900">{call.campaignName}</h2>
          <p className="mt-0.5 flex flex-wrap items-center gap-2 text-sm text-zinc-500">
            <CallDuration startedAt={call.startedAt} />
            <Badge tone={call.channel === "phone" ? "amber" : "blue"}>
              {call.channel === "phone" ? "Phone" : "Web"}
            </Badge>
            {call.isTest ? <Badge>Test</Badge> : null}
          </p>
        </div>
        {call.hold ? (
          <Badge tone="green">{mine ? "You are replying" : `${holder} is replying`}</Badge>
        ) : (
          <Badge>Agent answering</Badge>
        )}
      </div>
      <LiveTranscript turns={turns} />
      {canTakeOver && call.channel !== "phone" ? (
        <>
          {roomAudio ? <RoomAudio conversationId={call.id} mine={mine} /> : null}
          <TakeoverControls conversationId={call.id} held={call.hold !== null} mine={mine} />
        </>
      ) : null}
    </Card>
  );
}
