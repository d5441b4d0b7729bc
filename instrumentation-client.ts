// Runs in the browser before the app hydrates. Sentry is loaded only when a browser DSN is
// configured, so the unconfigured app ships none of its code. No replays, no tracing, and
// (Sentry's default) no PII.
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;

if (dsn) {
  void import("@sentry/nextjs").then((Sentry) =>
    Sentry.init({
      dsn,
      tracesSampleRate: 0,
      // The browser never holds server secrets; still, drop request bodies (audio, form data).
      beforeSend(event) {
        if (event.request) delete event.request.data;
        return event;
      },
    }),
  );
}
