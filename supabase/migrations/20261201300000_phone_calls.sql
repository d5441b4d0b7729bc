-- Phone calls (issue 14): a campaign answers a Twilio number with the same agent.
--   * campaign_phone_numbers: the registry of numbers (E.164, globally unique, like
--     campaign_slugs) with the campaign's phone settings (consent message, keypad menu);
--   * conversations gain the channel and the phone's columns (call sid, Twilio's status,
--     voicemail, transfer target);
--   * phone_calls: one row per Twilio CallSid, answered or refused. It makes the incoming
--     webhook idempotent (Twilio retries), maps a CallSid to its conversation without
--     scanning month partitions, and counts a caller number's calls for the rate limit;
--   * phone_audio: the agent's synthesised reply for <Play>, kept minutes (Twilio fetches it
--     in a separate request, possibly on another instance), purged by the jobs drain.

create table public.campaign_phone_numbers (
  e164 text primary key check (e164 ~ '^\+[1-9][0-9]{6,14}$'),
  workspace_id uuid not null,
  campaign_id uuid not null,
  consent_message text check (char_length(consent_message) <= 600),
  menu jsonb check (menu is null or jsonb_typeof(menu) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- One number per campaign.
  constraint campaign_phone_numbers_campaign_key unique (workspace_id, campaign_id),
  constraint campaign_phone_numbers_campaign_fkey foreign key (workspace_id, campaign_id)
    references public.campaigns (workspace_id, id) on delete cascade
);
create trigger campaign_phone_numbers_set_updated_at before update on public.campaign_phone_numbers
  for each row execute function public.set_updated_at();

alter table public.conversations
  add column channel text not null default 'web' check (channel in ('web', 'phone')),
  add column call_sid text check (call_sid ~ '^CA[0-9a-f]{32}$'),
  add column phone_status text check (phone_status in
    ('queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled')),
  add column voicemail_url text check (char_length(voicemail_url) <= 500),
  add column voicemail_duration_seconds integer check (voicemail_duration_seconds >= 0),
  add column voicemail_transcript text check (char_length(voicemail_transcript) <= 10000),
  add column transfer_target text check (char_length(transfer_target) <= 40);

create table public.phone_calls (
  call_sid text primary key check (call_sid ~ '^CA[0-9a-f]{32}$'),
  -- Null for a call to a number no campaign answers.
  workspace_id uuid,
  campaign_id uuid,
  conversation_id uuid,
  conversation_started_at timestamptz,
  from_number text not null check (char_length(from_number) <= 64),
  to_number text not null check (char_length(to_number) <= 64),
  outcome text not null check (outcome in ('answered', 'unknown_number', 'inactive', 'rate_limited')),
  created_at timestamptz not null default now(),
  constraint phone_calls_conversation_fkey foreign key (workspace_id, conversation_id, conversation_started_at)
    references public.conversations (workspace_id, id, started_at) on delete cascade,
  constraint phone_calls_answered_check check (outcome <> 'answered' or conversation_id is not null)
);
-- The per-caller rate limit counts one number's recent calls.
create index phone_calls_from_created_idx on public.phone_calls (from_number, created_at desc);
create index phone_calls_workspace_idx on public.phone_calls (workspace_id, created_at desc);

create table public.phone_audio (
  id uuid primary key default gen_random_uuid(),
  call_sid text not null references public.phone_calls (call_sid) on delete cascade,
  -- The Gather step whose reply this is: a retried webhook finds the same audio.
  step integer not null check (step >= 0),
  wav bytea not null,
  duration_ms integer not null check (duration_ms >= 0),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  constraint phone_audio_step_key unique (call_sid, step)
);
create index phone_audio_expires_idx on public.phone_audio (expires_at);

alter table public.campaign_phone_numbers enable row level security;
alter table public.phone_calls enable row level security;
alter table public.phone_audio enable row level security;

-- Workspace members read the numbers and the calls (viewers included); members change them.
create policy campaign_phone_numbers_select on public.campaign_phone_numbers for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
create policy campaign_phone_numbers_insert on public.campaign_phone_numbers for insert to authenticated
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy campaign_phone_numbers_update on public.campaign_phone_numbers for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('member'))::uuid[]))
  with check (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));
create policy campaign_phone_numbers_delete on public.campaign_phone_numbers for delete to authenticated
  using (workspace_id = any ((select public.workspace_ids('member'))::uuid[]));

-- The caller's number is visible to the campaign's workspace only; refused calls to unknown
-- numbers (workspace_id null) to no client at all.
create policy phone_calls_select on public.phone_calls for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));

revoke all on public.campaign_phone_numbers, public.phone_calls, public.phone_audio
  from public, anon, authenticated;
grant select, insert, update, delete on public.campaign_phone_numbers to authenticated;
grant select on public.phone_calls to authenticated;
grant select, insert, update, delete on public.campaign_phone_numbers, public.phone_calls,
  public.phone_audio to service_role;
