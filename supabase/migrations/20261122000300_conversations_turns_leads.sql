-- Conversations, turns and leads, range-partitioned by month on the conversation's start.
-- Turns and leads carry conversation_started_at, so a conversation and everything it owns
-- share one month partition, every foreign key includes the partition key, and dropping
-- an old month drops a call with its turns and lead together.
-- owner_id is denormalised onto every row for RLS; composite foreign keys that include it
-- make a row's owner always equal its parent's owner.

create table public.conversations (
  id uuid not null default gen_random_uuid(),
  owner_id uuid not null,
  campaign_id uuid not null,
  status text not null default 'active' check (status in ('active', 'ended', 'failed')),
  started_at timestamptz not null default now(),
  ended_at timestamptz,
  duration_seconds integer check (duration_seconds >= 0),
  end_reason text check (char_length(end_reason) <= 64),
  caller_name text check (char_length(caller_name) <= 200),
  caller_email text check (char_length(caller_email) <= 320),
  caller_phone text check (char_length(caller_phone) <= 40),
  summary text,
  turn_count integer not null default 0 check (turn_count >= 0),
  stt_cost_usd numeric(12, 6) not null default 0,
  llm_cost_usd numeric(12, 6) not null default 0,
  tts_cost_usd numeric(12, 6) not null default 0,
  total_cost_usd numeric(12, 6) not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint conversations_pkey primary key (id, started_at),
  -- Referenced by turns and leads; also the owner_id index the RLS policies use.
  constraint conversations_owner_key unique (owner_id, id, started_at),
  constraint conversations_campaign_fkey foreign key (owner_id, campaign_id)
    references public.campaigns (owner_id, id) on delete cascade
) partition by range (started_at);

create index conversations_campaign_started_idx on public.conversations (campaign_id, started_at desc);
create table public.conversations_default partition of public.conversations default;
create trigger conversations_set_updated_at before update on public.conversations
  for each row execute function public.set_updated_at();

create table public.turns (
  id uuid not null default gen_random_uuid(),
  owner_id uuid not null,
  conversation_id uuid not null,
  conversation_started_at timestamptz not null,
  seq integer not null check (seq >= 0),
  role text not null check (role in ('caller', 'agent', 'human', 'system')),
  text text not null default '',
  heard_text text,
  interrupted boolean not null default false,
  audio_duration_ms integer check (audio_duration_ms >= 0),
  stt_ms integer check (stt_ms >= 0),
  llm_first_token_ms integer check (llm_first_token_ms >= 0),
  tts_first_byte_ms integer check (tts_first_byte_ms >= 0),
  first_audio_ms integer check (first_audio_ms >= 0),
  total_ms integer check (total_ms >= 0),
  stt_seconds numeric(10, 3) not null default 0,
  llm_input_tokens integer not null default 0,
  llm_output_tokens integer not null default 0,
  tts_characters integer not null default 0,
  cost_usd numeric(12, 6) not null default 0,
  error_code text,
  idempotency_key text check (char_length(idempotency_key) <= 200),
  created_at timestamptz not null default now(),
  constraint turns_pkey primary key (id, conversation_started_at),
  constraint turns_seq_key unique (conversation_id, conversation_started_at, seq),
  constraint turns_idempotency_key unique (conversation_id, conversation_started_at, idempotency_key),
  constraint turns_conversation_fkey foreign key (owner_id, conversation_id, conversation_started_at)
    references public.conversations (owner_id, id, started_at) on delete cascade
) partition by range (conversation_started_at);

create index turns_owner_idx on public.turns (owner_id);
create table public.turns_default partition of public.turns default;

create table public.leads (
  id uuid not null default gen_random_uuid(),
  owner_id uuid not null,
  campaign_id uuid not null,
  conversation_id uuid not null,
  conversation_started_at timestamptz not null,
  name text check (char_length(name) <= 200),
  email text check (char_length(email) <= 320),
  phone text check (char_length(phone) <= 40),
  company text check (char_length(company) <= 200),
  fields jsonb not null default '{}'::jsonb check (jsonb_typeof(fields) = 'object'),
  qualification_score numeric(5, 2) check (qualification_score between 0 and 100),
  urgency_level text check (urgency_level in ('low', 'medium', 'high')),
  status text not null default 'new'
    check (status in ('new', 'contacted', 'qualified', 'unqualified', 'converted')),
  evidence jsonb not null default '[]'::jsonb check (jsonb_typeof(evidence) = 'array'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint leads_pkey primary key (id, conversation_started_at),
  -- One lead per conversation: post-call analysis upserts on this.
  constraint leads_conversation_key unique (conversation_id, conversation_started_at),
  constraint leads_conversation_fkey foreign key (owner_id, conversation_id, conversation_started_at)
    references public.conversations (owner_id, id, started_at) on delete cascade,
  constraint leads_campaign_fkey foreign key (owner_id, campaign_id)
    references public.campaigns (owner_id, id) on delete cascade
) partition by range (conversation_started_at);

create index leads_owner_created_idx on public.leads (owner_id, created_at desc);
create index leads_campaign_idx on public.leads (campaign_id);
create table public.leads_default partition of public.leads default;
create trigger leads_set_updated_at before update on public.leads
  for each row execute function public.set_updated_at();

-- Creates the monthly partitions from `months_back` months ago to `months_ahead` months
-- ahead (UTC months), for all three tables. Idempotent and safe to run from a scheduler.
-- A month whose rows already sit in a default partition is skipped with a notice (attaching
-- it would fail); those rows stay queryable where they are.
create function public.create_monthly_partitions(months_ahead integer default 3, months_back integer default 1)
  returns setof text
  language plpgsql
  set search_path = ''
  as $$
  declare
    parent text;
    key_column text;
    month_start date;
    lower_bound timestamptz;
    upper_bound timestamptz;
    partition_name text;
    has_rows boolean;
    this_month constant date := date_trunc('month', now() at time zone 'utc')::date;
  begin
    if months_ahead < 0 or months_back < 0 or months_ahead + months_back > 120 then
      raise exception 'months_ahead and months_back must be between 0 and 120 in total';
    end if;
    foreach parent in array array['conversations', 'turns', 'leads'] loop
      key_column := case parent when 'conversations' then 'started_at' else 'conversation_started_at' end;
      for offset_months in -months_back..months_ahead loop
        month_start := (this_month + make_interval(months => offset_months))::date;
        lower_bound := month_start::timestamp at time zone 'utc';
        upper_bound := (month_start + interval '1 month')::timestamp at time zone 'utc';
        partition_name := format('%s_%s', parent, to_char(month_start, 'YYYY_MM'));
        continue when to_regclass(format('public.%I', partition_name)) is not null;
        if exists (
          select 1 from pg_catalog.pg_class where relname = parent || '_default'
            and relnamespace = 'public'::regnamespace
        ) then
          execute format('select exists (select 1 from public.%I where %I >= $1 and %I < $2)',
              parent || '_default', key_column, key_column)
            into has_rows using lower_bound, upper_bound;
          if has_rows then
            raise notice 'skipping %: rows for that month are in %_default', partition_name, parent;
            continue;
          end if;
        end if;
        execute format('create table public.%I partition of public.%I for values from (%L) to (%L)',
          partition_name, parent, lower_bound, upper_bound);
        return next partition_name;
      end loop;
    end loop;
  end
  $$;
revoke all on function public.create_monthly_partitions(integer, integer) from public;

alter table public.conversations enable row level security;
alter table public.turns enable row level security;
alter table public.leads enable row level security;

create policy conversations_select on public.conversations for select to authenticated
  using (owner_id = (select auth.uid()));
create policy conversations_insert on public.conversations for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy conversations_update on public.conversations for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy conversations_delete on public.conversations for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy turns_select on public.turns for select to authenticated
  using (owner_id = (select auth.uid()));
create policy turns_insert on public.turns for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy turns_update on public.turns for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy turns_delete on public.turns for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy leads_select on public.leads for select to authenticated
  using (owner_id = (select auth.uid()));
create policy leads_insert on public.leads for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy leads_update on public.leads for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy leads_delete on public.leads for delete to authenticated
  using (owner_id = (select auth.uid()));

revoke all on public.conversations, public.turns, public.leads from anon;
grant select, insert, update, delete on public.conversations, public.turns, public.leads
  to authenticated, service_role;
