// The CSP names exactly the origins the app talks to, and the header rules give the
// microphone to the call page alone.
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";
import { deepgramLiveOrigin } from "@/lib/voice/stt-live";

const directive = (csp: string, name: string) =>
  csp.split("; ").find((d) => d.startsWith(`${name} `));

describe("content security policy", () => {
  it("allows only self when nothing external is configured", () => {
    const csp = contentSecurityPolicy();
    expect(directive(csp, "connect-src")).toBe("connect-src 'self'");
    expect(directive(csp, "script-src")).toBe(
      "script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'",
    );
    expect(directive(csp, "worker-src")).toBe("worker-src 'self'");
    expect(directive(csp, "media-src")).toBe("media-src 'self'");
    expect(directive(csp, "frame-ancestors")).toBe("frame-ancestors 'none'");
    expect(directive(csp, "object-src")).toBe("object-src 'none'");
  });

  it("adds LiveKit's wss and https origins and Sentry's ingest origin, nothing more", () => {
    const csp = contentSecurityPolicy({
      livekitUrl: "wss://acme-abc123.livekit.cloud/some/path",
      sentryDsn: "https://key@o123.ingest.sentry.io/456",
    });
    expect(directive(csp, "connect-src")).toBe(
      "connect-src 'self' wss://acme-abc123.livekit.cloud https://acme-abc123.livekit.cloud https://o123.ingest.sentry.io",
    );
  });

  it("allows a local LiveKit server (ws://) over ws and http only", () => {
    const csp = contentSecurityPolicy({ livekitUrl: "ws://127.0.0.1:7880" });
    expect(directive(csp, "connect-src")).toBe(
      "connect-src 'self' ws://127.0.0.1:7880 http://127.0.0.1:7880",
    );
  });

  it("adds eval and the dev-server socket in development only", () => {
    const dev = contentSecurityPolicy({ dev: true });
    expect(directive(dev, "script-src")).toContain("'unsafe-eval'");
    expect(directive(dev, "connect-src")).toBe("connect-src 'self' ws:");
    expect(contentSecurityPolicy()).not.toContain("'unsafe-eval'");
  });

  it("adds exactly Deepgram's live websocket origin when Deepgram transcribes, else nothing", () => {
    const origin = (vars: Record<string, string>) =>
      deepgramLiveOrigin(parseEnv(vars)) ?? undefined;
    const connect = (vars: Record<string, string>) =>
      directive(contentSecurityPolicy({ deepgramLiveOrigin: origin(vars) }), "connect-src");
    expect(connect({ DEEPGRAM_API_KEY: "k" })).toBe("connect-src 'self' wss://api.deepgram.com");
    expect(
      connect({ DEEPGRAM_API_KEY: "k", DEEPGRAM_BASE_URL: "https://api.eu.deepgram.com/" }),
    ).toBe("connect-src 'self' wss://api.eu.deepgram.com");
    expect(connect({ DEEPGRAM_API_KEY: "k", DEEPGRAM_BASE_URL: "http://127.0.0.1:4567" })).toBe(
      "connect-src 'self' ws://127.0.0.1:4567",
    );
    // Deepgram only speaks (TTS), or nothing is configured: no socket to allow.
    expect(connect({ DEEPGRAM_API_KEY: "k", STT_PROVIDER: "none" })).toBe("connect-src 'self'");
    expect(connect({})).toBe("connect-src 'self'");
    expect(
      directive(contentSecurityPolicy({ deepgramLiveOrigin: "https://x.example" }), "connect-src"),
    ).toBe("connect-src 'self'");
  });

  it("ignores a malformed URL rather than emitting a broken policy", () => {
    expect(directive(contentSecurityPolicy({ livekitUrl: "not a url" }), "connect-src")).toBe(
      "connect-src 'self'",
    );
  });
});

describe("header rules", () => {
  it("denies the microphone everywhere, then allows it under /call/, in that order", () => {
    const rules = securityHeaders({});
    const policy = (source: string) =>
      rules.find((r) => r.source === source)?.headers.find((h) => h.key === "Permissions-Policy")
        ?.value;
    expect(rules.map((r) => r.source)).toEqual(["/:path*", "/call/:path*", "/api/:path*"]);
    expect(policy("/:path*")).toMatch(/^microphone=\(\),/);
    expect(policy("/call/:path*")).toMatch(/^microphone=\(self\),/);
  });
});
