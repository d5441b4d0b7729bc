"use client";

import { useEffect } from "react";

// The last-resort error page. Reports the error to Sentry when a browser DSN is configured
// (loaded on demand, so the unconfigured app ships none of Sentry's code).
export default function GlobalError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    if (!process.env.NEXT_PUBLIC_SENTRY_DSN) return;
    void import("@sentry/nextjs").then((Sentry) => Sentry.captureException(error));
  }, [error]);

  return (
    <html lang="en">
      <body
        style={{ fontFamily: "system-ui, sans-serif", padding: "4rem 1.5rem", textAlign: "center" }}
      >
        <h1 style={{ fontSize: "1.25rem", fontWeight: 600 }}>Something went wrong</h1>
        <p style={{ color: "#71717a", marginTop: "0.5rem" }}>
          The error has been logged. Try again in a moment.
        </p>
        <button
          type="button"
          onClick={reset}
          style={{
            marginTop: "1.5rem",
            padding: "0.5rem 1rem",
            border: "1px solid #d4d4d8",
            borderRadius: 6,
          }}
        >
          Try again
        </button>
      </body>
    </html>
  );
}
