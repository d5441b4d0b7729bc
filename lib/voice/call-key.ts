// A call token's claims → the conversation's key in the database. Lives with the voice code
// so that lib/db never imports voice types (dependencies point routes → voice → db).
import type { CallKey } from "@/lib/db/queries/calls";
import type { CallClaims } from "./call-token";

export const callKey = (c: CallClaims): CallKey => ({ id: c.sub, startedAt: new Date(c.sat) });
