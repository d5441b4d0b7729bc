"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { handBackCallAction } from "@/lib/actions/hand-back-call";
import { sendHumanReplyAction } from "@/lib/actions/send-human-reply";
import { takeOverCallAction } from "@/lib/actions/take-over-call";

/** Take over, reply by text, hand back. The live feed shows the outcome of each. */
export function TakeoverControls({
  conversationId,
  held,
  mine,
}: {
  conversationId: string;
  held: boolean;
  mine: boolean;
}) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState("");

  async function run(
    what: string,
    action: () => Promise<{ ok: boolean; error?: { message: string } }>,
  ) {
    setPending(what);
    setError(null);
    const result = await action().catch(() => null);
    setPending(null);
    if (!result?.ok) setError(result?.error?.message ?? "That did not work. Try again.");
    return result?.ok === true;
  }

  async function send(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reply = text.trim();
    if (!reply) return;
    if (await run("send", () => sendHumanReplyAction({ conversationId, text: reply }))) setText("");
  }

  const takeOver = () => run("take", () => takeOverCallAction({ conversationId }));
  const handBack = () => run("back", () => handBackCallAction({ conversationId }));

  return (
    <div className="space-y-2 border-t border-zinc-200 px-4 py-3">
      {mine ? (
        <form method="post" onSubmit={send} className="flex gap-2">
          <label htmlFor={`reply-${conversationId}`} className="sr-only">
            Your reply to the caller
          </label>
          <input
            id={`reply-${conversationId}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={1000}
            autoComplete="off"
            placeholder="Type what the caller should hear…"
            className="h-10 min-w-0 flex-1 rounded-md border border-zinc-300 px-3 text-sm placeholder:text-zinc-400 focus:border-brand-500 focus:outline-none"
          />
          <Button type="submit" className="h-10" disabled={pending !== null || !text.trim()}>
            {pending === "send" ? "Sending…" : "Send"}
          </Button>
        </form>
      ) : null}
      <form
        method="post"
        onSubmit={(e) => {
          e.preventDefault();
          void (held ? handBack() : takeOver());
        }}
        className="flex flex-wrap items-center gap-2"
      >
        {held ? (
          <Button type="submit" variant="secondary" disabled={pending !== null}>
            {pending === "back" ? "Handing back…" : "Hand back to the agent"}
          </Button>
        ) : (
          <Button type="submit" disabled={pending !== null}>
            {pending === "take" ? "Taking over…" : "Take over"}
          </Button>
        )}
        <p className="text-xs text-zinc-500">
          {mine
            ? "The agent is silent; the caller hears your replies in the agent's voice."
            : held
              ? "A teammate is replying to this caller."
              : "Reply yourself by text; the agent stops answering until you hand back."}
        </p>
      </form>
      {error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
