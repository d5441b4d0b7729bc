"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";

/** Typing is always possible: the accessible fallback to speaking. */
export function TypedInput({
  onSend,
  disabled,
}: {
  onSend: (text: string) => void;
  disabled: boolean;
}) {
  const [text, setText] = useState("");
  return (
    <form
      method="post"
      className="flex gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        onSend(text);
        setText("");
      }}
    >
      <label htmlFor="typed-message" className="sr-only">
        Type a message to the agent
      </label>
      <Input
        id="typed-message"
        value={text}
        maxLength={2000}
        autoComplete="off"
        placeholder="Type a message…"
        onChange={(e) => setText(e.target.value)}
        className="h-11 flex-1"
        disabled={disabled}
      />
      <Button type="submit" className="h-11" disabled={disabled || !text.trim()}>
        Send
      </Button>
    </form>
  );
}
