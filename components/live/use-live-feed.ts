"use client";
// The monitor's state: the server-rendered snapshot, then the events of /api/live/stream
// (server-sent events; EventSource reconnects by itself and each connection starts with a
// fresh snapshot of the call list).
import { useEffect, useState } from "react";
import { applyMonitorEvent } from "@/lib/live/merge";
import type { LiveSnapshot, MonitorEvent } from "@/lib/live/monitor";

export type FeedStatus = "connecting" | "live" | "reconnecting";

export function useLiveFeed(initial: LiveSnapshot) {
  const [state, setState] = useState(initial);
  const [status, setStatus] = useState<FeedStatus>("connecting");
  useEffect(() => {
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const connect = () => {
      source = new EventSource("/api/live/stream");
      source.onopen = () => setStatus("live");
      source.onmessage = (message) => {
        const event = JSON.parse(message.data) as MonitorEvent;
        setState((s) => applyMonitorEvent(s, event));
      };
      source.onerror = () => {
        setStatus("reconnecting");
        // EventSource retries a dropped stream itself, but gives up on an error response
        // (a 5xx while the server restarts): then open a new one.
        if (source?.readyState === EventSource.CLOSED) retry = setTimeout(connect, 1000);
      };
    };
    connect();
    return () => {
      clearTimeout(retry);
      source?.close();
    };
  }, []);
  return { state, status };
}
