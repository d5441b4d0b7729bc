-- Campaigns, hash-partitioned by owner: every owner's campaigns live in one partition,
-- and (owner_id, id) is the key that conversations and leads reference.
create function public.set_updated_at() returns trigger
  language plpgsql
  set search_path = ''
  as $$
  begin
    new.updated_at := now();
    return new;
  end
  $$;
revoke all on function public.set_updated_at() from public;

create table public.campaigns (
  id uuid not null default gen_random_uuid(),
  owner_id uuid not null references auth.users (id) on delete cascade,
  name text not null check (char_length(name) between 1 and 120),
  description text not null default '' check (char_length(description) <= 2000),
  status text not null default 'draft' check (status in ('draft', 'active', 'paused', 'archived')),
  public_slug text not null check (public_slug ~ '^[a-z0-9][a-z0-9-]{2,78}[a-z0-9]$'),
  voice_settings jsonb not null default '{}'::jsonb check (jsonb_typeof(voice_settings) = 'object'),
  flow_config jsonb not null default '{}'::jsonb check (jsonb_typeof(flow_config) = 'object'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint campaigns_pkey primary key (owner_id, id),
  -- Target of campaign_slugs' foreign key, which keeps the registry in step with the slug.
  constraint campaigns_slug_key unique (owner_id, id, public_slug)
) partition by hash (owner_id);

create table public.campaigns_p0 partition of public.campaigns for values with (modulus 4, remainder 0);
create table public.campaigns_p1 partition of public.campaigns for values with (modulus 4, remainder 1);
create table public.campaigns_p2 partition of public.campaigns for values with (modulus 4, remainder 2);
create table public.campaigns_p3 partition of public.campaigns for values with (modulus 4, remainder 3);

create index campaigns_owner_created_idx on public.campaigns (owner_id, created_at desc);

create trigger campaigns_set_updated_at before update on public.campaigns
  for each row execute function public.set_updated_at();

-- A unique constraint on a partitioned table must contain the partition key, so global
-- slug uniqueness lives in this small registry. Its foreign key carries the slug, so a
-- registry row always names its campaign's current slug.
create table public.campaign_slugs (
  slug text primary key,
  owner_id uuid not null,
  campaign_id uuid not null,
  constraint campaign_slugs_campaign_key unique (owner_id, campaign_id),
  constraint campaign_slugs_campaign_fkey foreign key (owner_id, campaign_id, slug)
    references public.campaigns (owner_id, id, public_slug) on delete cascade on update cascade
);

alter table public.campaigns enable row level security;
alter table public.campaign_slugs enable row level security;

create policy campaigns_select on public.campaigns for select to authenticated
  using (owner_id = (select auth.uid()));
create policy campaigns_insert on public.campaigns for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy campaigns_update on public.campaigns for update to authenticated
  using (owner_id = (select auth.uid())) with check (owner_id = (select auth.uid()));
create policy campaigns_delete on public.campaigns for delete to authenticated
  using (owner_id = (select auth.uid()));

create policy campaign_slugs_select on public.campaign_slugs for select to authenticated
  using (owner_id = (select auth.uid()));
create policy campaign_slugs_insert on public.campaign_slugs for insert to authenticated
  with check (owner_id = (select auth.uid()));
create policy campaign_slugs_delete on public.campaign_slugs for delete to authenticated
  using (owner_id = (select auth.uid()));

-- Supabase grants everything on new public tables to anon by default: take it back.
revoke all on public.campaigns, public.campaign_slugs from anon;
grant select, insert, update, delete on public.campaigns to authenticated;
grant select, insert, delete on public.campaign_slugs to authenticated;
grant select, insert, update, delete on public.campaigns, public.campaign_slugs to service_role;
