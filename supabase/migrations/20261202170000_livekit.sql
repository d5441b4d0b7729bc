-- LiveKit (lib/livekit):
--   * livekit_webhook_events: the id of every webhook event handled, so a redelivered event
--     (LiveKit retries) changes nothing twice. Written by the webhook with the service role
--     only; no client role may read or write it.
--   * conversation_exists(id): whether a conversation exists at all, for the room-token route
--     to tell a call that is not the user's (403) from one that does not exist (404). It
--     answers a boolean about an unguessable id and reveals nothing else.

create table public.livekit_webhook_events (
  event_id text primary key check (char_length(event_id) between 1 and 200),
  event text not null check (char_length(event) <= 64),
  room text check (char_length(room) <= 200),
  received_at timestamptz not null default now()
);
create index livekit_webhook_events_received_idx on public.livekit_webhook_events (received_at);

alter table public.livekit_webhook_events enable row level security;
revoke all on public.livekit_webhook_events from public, anon, authenticated, voxline_caller;
grant select, insert, delete on public.livekit_webhook_events to service_role;

create function public.conversation_exists(conversation_id uuid) returns boolean
  language sql stable security definer
  set search_path = ''
  as $$
    select exists (select 1 from public.conversations c where c.id = conversation_id)
  $$;
comment on function public.conversation_exists(uuid) is
  'rpc: whether a conversation id exists (the LiveKit token route answers 404 or 403)';
revoke all on function public.conversation_exists(uuid) from public, anon, authenticated, voxline_caller;
grant execute on function public.conversation_exists(uuid) to authenticated, service_role;
