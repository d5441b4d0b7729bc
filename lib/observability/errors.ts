// Error reporting: one function for every server path. A no-op until Sentry is wired in
// (issue 4); callers pass the conversation id so reports can be tied to a call.
export interface ErrorContext {
  conversationId?: string;
  route?: string;
}

export function captureError(_error: unknown, _context: ErrorContext = {}): void {}
