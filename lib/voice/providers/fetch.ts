// The fetch the vendor SDKs are given: Node's own, not the one Next.js patches onto globalThis
// during requests. The patched fetch wraps every call in a tracing span and its data-cache
// logic (a few hundred microseconds and several allocations per provider request, five or more
// requests per turn); a provider request is never cached, so none of that is wanted here.
// Resolved per call: Next.js patches fetch after this module may have been loaded.
//
// `redirect: "error"` with `window: null` also spares undici from cloning each request (a tee
// of its body stream: the caller's whole upload for STT) to be able to follow a redirect; no
// provider API redirects, and one that did would fail the stage as a fault.
type Fetch = typeof fetch;

export const providerFetch: Fetch = (input, init) => {
  const current = globalThis.fetch as Fetch & { _nextOriginalFetch?: Fetch };
  return (current._nextOriginalFetch ?? current)(input, {
    ...init,
    redirect: "error",
    window: null,
  });
};
