-- The caller's turn row doubles as the Idempotency-Key claim (turns_idempotency_key is already
-- unique on (conversation_id, conversation_started_at, idempotency_key), which holds the
-- partition key). claim_expires_at is set while the turn is being answered and cleared when
-- its agent turn is stored: a retry with the same key gets 409 while it is set and in the
-- future, the stored replay once it is null, and may take the claim over once it has expired
-- (the request that held it died). incomplete marks an agent reply cut off by a fault.
alter table public.turns add column claim_expires_at timestamptz;
alter table public.turns add column incomplete boolean not null default false;
