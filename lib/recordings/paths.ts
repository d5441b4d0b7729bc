// Storage keys of turn audio: `<workspace>/<conversation>/<seq>-<role>.wav`.

/** The key of one turn's audio. */
export function recordingPath(r: {
  workspaceId: string;
  conversationId: string;
  seq: number;
  role: "caller" | "agent";
}) {
  return `${r.workspaceId}/${r.conversationId}/${r.seq}-${r.role}.wav`;
}

const SAFE_PATH = /^[0-9a-f-]{36}\/[0-9a-f-]{36}\/\d{1,6}-(caller|agent)\.wav$/;

/** Refuses anything but a key recordingPath() makes (no `..`, no absolute path). */
export function assertRecordingPath(path: string) {
  if (!SAFE_PATH.test(path)) throw new Error(`not a recording path: ${path}`);
}
