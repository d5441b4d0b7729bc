"use client";

import { useEffect, useRef, useSyncExternalStore } from "react";
import type { SttMode } from "@/lib/call-client/caller-speech";
import { type CallProbe, CallSession } from "@/lib/call-client/session";
import { preloadVoice } from "@/lib/call-client/voice-io";
import type { CallSettings } from "@/lib/validations/campaign";
import { ConsentCard } from "./consent-card";
import { EndedCard } from "./ended-card";
import { InCall } from "./in-call";

declare global {
  interface Window {
    /** Read by the e2e tests and the browser benchmark. */
    __voxline?: CallProbe;
  }
}

export function CallRoom(props: {
  slug: string;
  name: string;
  consentNotice: string;
  /** The notice shown says the call is recorded. */
  toldRecorded: boolean;
  settings: CallSettings;
  language: string;
  /** stream / upload: the server's STT (Deepgram) hears speech; none: typed or the browser's. */
  stt: SttMode;
  preview: boolean;
}) {
  const ref = useRef<CallSession | null>(null);
  ref.current ??= new CallSession({
    slug: props.slug,
    preview: props.preview,
    toldRecorded: props.toldRecorded,
    settings: props.settings,
    stt: props.stt,
    lang: props.language,
  });
  const session = ref.current;
  const state = useSyncExternalStore(session.subscribe, session.snapshot, session.snapshot);

  useEffect(() => {
    window.__voxline = session.probe;
    preloadVoice();
    const hide = () => session.onPageHide();
    window.addEventListener("pagehide", hide);
    return () => window.removeEventListener("pagehide", hide);
  }, [session]);

  if (state.phase === "ready")
    return (
      <ConsentCard
        name={props.name}
        notice={props.consentNotice}
        preview={props.preview}
        error={state.error}
        onStart={() => void session.start()}
      />
    );
  if (state.phase === "ended")
    return <EndedCard name={props.name} state={state} onAgain={() => void session.start()} />;
  return (
    <InCall name={props.name} state={state} session={session} serverStt={props.stt !== "none"} />
  );
}
