// Sentry for the Node.js server, loaded by instrumentation.ts only when SENTRY_DSN is set.
// Events are scrubbed of secrets, cookies, request bodies and audio before they are sent.
import * as Sentry from "@sentry/nextjs";
import { sentryServerOptions } from "@/lib/observability/sentry";

if (!Sentry.isInitialized()) Sentry.init(sentryServerOptions());
