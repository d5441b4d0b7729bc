// Per-request context (request id, conversation id) carried through async calls, so every
// log line and error report of a request names it without threading ids through signatures.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
  conversationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function requestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** Ties the rest of this request's logs and error reports to a conversation. */
export function setConversationId(conversationId: string) {
  const store = storage.getStore();
  if (store) store.conversationId = conversationId;
}

// A caller-supplied id is kept only if it is short and plain, so it cannot inject into logs.
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The request's x-request-id when it is well-formed, else a fresh UUID. */
export function requestIdFrom(headers: Headers): string {
  const given = headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}
