-- The call lifecycle: what an interrupt heard, preview (test) calls, the greeting audio
-- cache every server instance shares, and durable post-call jobs.

-- How much of an interrupted agent turn the caller actually heard, in milliseconds.
alter table public.turns add column heard_ms integer check (heard_ms >= 0);

-- A call the owner placed from the dashboard to try the campaign ("Try it"): kept out of
-- the lead pipeline's figures by whoever reads them.
alter table public.conversations add column is_test boolean not null default false;

-- The greeting's synthesised audio, keyed by a hash of everything that changes it (first
-- message, voice settings, TTS provider), so a call start reads it instead of waiting for
-- TTS. One row per campaign version; deleted with the campaign.
create table public.greeting_audio (
  owner_id uuid not null,
  campaign_id uuid not null,
  cache_key text not null check (char_length(cache_key) <= 128),
  format text not null check (format = 'pcm_s16le'),
  sample_rate integer not null check (sample_rate > 0),
  audio bytea not null,
  created_at timestamptz not null default now(),
  constraint greeting_audio_pkey primary key (campaign_id, cache_key),
  constraint greeting_audio_campaign_fkey foreign key (owner_id, campaign_id)
    references public.campaigns (owner_id, id) on delete cascade
);
create index greeting_audio_owner_idx on public.greeting_audio (owner_id, campaign_id);

-- Durable background work (post-call analysis). A runner claims a due job by leasing it
-- (status running, locked_until); a runner that dies lets its lease lapse and the drain
-- picks the job up again. One job per kind and conversation: enqueueing twice is a no-op.
create table public.jobs (
  id uuid not null default gen_random_uuid(),
  kind text not null check (kind in ('analyze_call')),
  owner_id uuid not null,
  conversation_id uuid not null,
  conversation_started_at timestamptz not null,
  status text not null default 'pending'
    check (status in ('pending', 'running', 'done', 'failed')),
  attempts integer not null default 0 check (attempts >= 0),
  max_attempts integer not null default 6 check (max_attempts > 0),
  run_after timestamptz not null default now(),
  locked_until timestamptz,
  last_error text check (char_length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint jobs_pkey primary key (id),
  constraint jobs_conversation_key unique (kind, conversation_id, conversation_started_at),
  constraint jobs_conversation_fkey foreign key (owner_id, conversation_id, conversation_started_at)
    references public.conversations (owner_id, id, started_at) on delete cascade
);
-- The drain's scan: unfinished jobs by when they are due.
create index jobs_due_idx on public.jobs (run_after) where status in ('pending', 'running');
create index jobs_owner_idx on public.jobs (owner_id);
create trigger jobs_set_updated_at before update on public.jobs
  for each row execute function public.set_updated_at();

-- Server-only tables: RLS on with no policy, and no client role may touch them.
alter table public.greeting_audio enable row level security;
alter table public.jobs enable row level security;
revoke all on public.greeting_audio, public.jobs from anon, authenticated;
grant select, insert, update, delete on public.greeting_audio, public.jobs to service_role;
