// Security headers for every response, and the Content Security Policy of the app. Read by
// next.config.ts at build time, so the LiveKit and Sentry origins come from the build's
// environment (Vercel builds with the production variables).
//
// script-src keeps 'unsafe-inline': Next.js inlines its bootstrap and RSC payload scripts,
// and the alternative, a per-request nonce, would force every page to render dynamically
// (no static or cached pages) and a proxy on every request. Everything else is locked down:
// no third-party script origins, no eval outside development, no framing.

export interface CspOptions {
  dev?: boolean;
  /**
   * LIVEKIT_URL: the call page connects to it over wss (and https for region lookups); a
   * local server (`livekit-server --dev`, ws://) over ws and http.
   */
  livekitUrl?: string;
  /** NEXT_PUBLIC_SENTRY_DSN: the browser SDK posts envelopes to its origin. */
  sentryDsn?: string;
  /**
   * Deepgram's live websocket origin (ws:// or wss://host), when Deepgram is the STT provider:
   * the call page streams the microphone there (lib/voice/stt-live.ts). Exactly that origin.
   */
  deepgramLiveOrigin?: string;
}

function origins(url: string | undefined, protocols: string[]): string[] {
  if (!url) return [];
  try {
    const { host } = new URL(url);
    return protocols.map((p) => `${p}//${host}`);
  } catch {
    return [];
  }
}

export function contentSecurityPolicy({
  dev = false,
  livekitUrl,
  sentryDsn,
  deepgramLiveOrigin,
}: CspOptions = {}) {
  const live = deepgramLiveOrigin?.match(/^(wss?):/)?.[1];
  const livekitPlain = livekitUrl?.startsWith("ws://") || livekitUrl?.startsWith("http://");
  const connect = [
    "'self'",
    ...origins(livekitUrl, livekitPlain ? ["ws:", "http:"] : ["wss:", "https:"]),
    ...origins(sentryDsn, ["https:"]),
    ...(live ? origins(deepgramLiveOrigin, [`${live}:`]) : []),
  ];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'wasm-unsafe-eval': onnxruntime-web (the call page's VAD) compiles its WASM. Its model,
    // worklet and WASM come from /vad/ on this origin ('self'); with one thread (no
    // cross-origin isolation) it starts no blob: workers. React's dev overlay and Fast
    // Refresh need eval, in development only.
    "script-src": [
      "'self'",
      "'unsafe-inline'",
      "'wasm-unsafe-eval'",
      ...(dev ? ["'unsafe-eval'"] : []),
    ],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": dev ? [...connect, "ws:"] : connect,
    // The agent's voice plays through Web Audio (no media URLs); the VAD's audio worklet is a
    // script from 'self'.
    "media-src": ["'self'"],
    "worker-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

const deny = (features: string[]) => features.map((f) => `${f}=()`).join(", ");
const NO_DEVICE_FEATURES = ["camera", "geolocation", "payment", "usb", "display-capture"];

export function securityHeaders(options: CspOptions) {
  return [
    {
      source: "/:path*",
      headers: [
        { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
        { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
        { key: "X-Content-Type-Options", value: "nosniff" },
        { key: "X-Frame-Options", value: "DENY" },
        { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
        {
          key: "Permissions-Policy",
          value: deny(["microphone", ...NO_DEVICE_FEATURES]),
        },
      ],
    },
    // Later rules override earlier ones for the same header: only the call page may ask
    // for the microphone.
    {
      source: "/call/:path*",
      headers: [
        {
          key: "Permissions-Policy",
          value: `microphone=(self), ${deny(NO_DEVICE_FEATURES)}`,
        },
      ],
    },
    {
      source: "/api/:path*",
      headers: [{ key: "Cache-Control", value: "no-store" }],
    },
  ];
}
