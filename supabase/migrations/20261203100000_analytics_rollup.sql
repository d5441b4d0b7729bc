-- A daily rollup for the analytics page (lib/db/queries/analytics.ts), so a 30-day range reads
-- a few hundred small rows instead of every call, turn and lead in it.
--
--   * analytics_daily: per workspace, campaign and UTC day, the figures of the day's calls
--     (preview calls left out): counts by outcome, cost, talk time, leads, a histogram of lead
--     scores (scores[i + 1] = leads whose score rounds down to i, so "qualified" is counted at
--     read time against the campaign's current threshold), and the agent replies' time to
--     first audio: their count, sum and largest values (first_audio_top, descending, at least
--     the top 10 %). The 95th percentile of a range needs only its top 5 %; the reader checks
--     that the kept values cover it and otherwise computes it from the turns.
--   * analytics_dirty: an append-only log of (workspace, day) whose calls, turns or leads
--     changed, written by statement triggers in the same transaction as the change. No unique
--     key, so writers never wait on each other or on a refresh. A refresh deletes the entries
--     it can see and recomputes those days from the base tables; an entry committed meanwhile
--     survives and causes one more recompute later, never a stale day.
--   * analytics_refresh(ws, lo, hi): that refresh, for one workspace and optionally a range of
--     days, serialised per workspace. The analytics page runs it for its range first (through
--     refresh_workspace_analytics, which checks membership), and the jobs drain runs it for
--     every workspace with entries, so the log stays short.
-- The triggers are enabled ALWAYS so that bulk loads with session_replication_role = replica
-- (bench:dashboard) keep the log too.
set local lock_timeout = '10s';

create table public.analytics_daily (
  workspace_id uuid not null,
  campaign_id uuid not null,
  day date not null,
  calls integer not null check (calls > 0),
  completed integer not null,
  failed integer not null,
  active integer not null,
  cost_usd numeric not null,
  seconds bigint not null,
  leads integer not null,
  scores integer[] not null check (cardinality(scores) = 101),
  replies integer not null,
  first_audio_sum bigint not null,
  first_audio_top integer[] not null,
  updated_at timestamptz not null default now(),
  -- No foreign keys: a refresh would take key-share locks on the campaign and the workspace
  -- after deleting the day's rows, the reverse order of a campaign delete's cascade (a
  -- deadlock). A deleted campaign's or workspace's calls are deleted with it, which logs
  -- their days, and the next refresh drops their rows; the reader joins campaigns anyway.
  primary key (workspace_id, day, campaign_id)
);

create table public.analytics_dirty (
  workspace_id uuid not null,
  day date not null
);
create index analytics_dirty_workspace_day_idx on public.analytics_dirty (workspace_id, day);

alter table public.analytics_daily enable row level security;
alter table public.analytics_dirty enable row level security;
create policy analytics_daily_select on public.analytics_daily for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('viewer'))::uuid[]));
revoke all on public.analytics_daily, public.analytics_dirty
  from public, anon, authenticated, voxline_caller;
grant select on public.analytics_daily to authenticated;
-- Only the security-definer functions below write them.
grant select on public.analytics_daily, public.analytics_dirty to service_role;

-- The log entry for each (workspace, day) a statement touched. Security definer: the roles
-- that write calls, turns and leads (authenticated, voxline_caller, service_role) hold no
-- grant on the log.
create function public.analytics_mark_calls() returns trigger
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    if tg_op = 'INSERT' then
      insert into public.analytics_dirty (workspace_id, day)
      select distinct n.workspace_id, (n.started_at at time zone 'UTC')::date from new_rows n;
    elsif tg_op = 'DELETE' then
      insert into public.analytics_dirty (workspace_id, day)
      select distinct o.workspace_id, (o.started_at at time zone 'UTC')::date from old_rows o;
    else
      -- Both sides: an update that moves a row to another day changes both days.
      insert into public.analytics_dirty (workspace_id, day)
      select n.workspace_id, (n.started_at at time zone 'UTC')::date from new_rows n
      union
      select o.workspace_id, (o.started_at at time zone 'UTC')::date from old_rows o;
    end if;
    return null;
  end
  $$;

create function public.analytics_mark_children() returns trigger
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    if tg_op = 'INSERT' then
      insert into public.analytics_dirty (workspace_id, day)
      select distinct n.workspace_id, (n.conversation_started_at at time zone 'UTC')::date
        from new_rows n;
    elsif tg_op = 'DELETE' then
      insert into public.analytics_dirty (workspace_id, day)
      select distinct o.workspace_id, (o.conversation_started_at at time zone 'UTC')::date
        from old_rows o;
    else
      insert into public.analytics_dirty (workspace_id, day)
      select n.workspace_id, (n.conversation_started_at at time zone 'UTC')::date from new_rows n
      union
      select o.workspace_id, (o.conversation_started_at at time zone 'UTC')::date from old_rows o;
    end if;
    return null;
  end
  $$;

-- A trigger with transition tables serves one event, so three per table, all named
-- <table>_analytics_<event>.
do $$
declare
  t record;
  ev text;
begin
  for t in select * from (values ('conversations', 'analytics_mark_calls'),
                                 ('turns', 'analytics_mark_children'),
                                 ('leads', 'analytics_mark_children')) as x(tab, fn) loop
    foreach ev in array array['insert', 'update', 'delete'] loop
      execute format(
        'create trigger %I after %s on public.%I referencing %s '
        'for each statement execute function public.%I()',
        t.tab || '_analytics_' || ev, ev, t.tab,
        case ev when 'insert' then 'new table as new_rows'
                when 'delete' then 'old table as old_rows'
                else 'old table as old_rows new table as new_rows' end, t.fn);
      execute format('alter table public.%I enable always trigger %I',
        t.tab, t.tab || '_analytics_' || ev);
    end loop;
  end loop;
end
$$;

-- Recomputes the days of `ws` in [lo, hi) (every day when null) that have log entries, run
-- by run of consecutive days: each run is one statement bounded by the run's first and last
-- instant on the partition keys, so only its month partitions are read, and planned with
-- those bounds (EXECUTE), so a day of a few thousand calls gets the plan a day deserves.
-- Returns how many days it recomputed.
create function public.analytics_refresh(ws uuid, lo date default null, hi date default null)
  returns integer
  language plpgsql security definer
  set search_path = ''
  as $$
  declare
    todo date[];
    run record;
  begin
    perform pg_catalog.pg_advisory_xact_lock(
      pg_catalog.hashtextextended('voxline.analytics:' || ws::text, 0));
    with gone as (
      delete from public.analytics_dirty a
       where a.workspace_id = ws and (lo is null or a.day >= lo) and (hi is null or a.day < hi)
      returning a.day)
    select pg_catalog.array_agg(distinct g.day) into todo from gone g;
    if todo is null then
      return 0;
    end if;
    for run in
      select pg_catalog.min(d) as first, pg_catalog.max(d) as last
        from (select d, d - (pg_catalog.row_number() over (order by d))::int as island
                from pg_catalog.unnest(todo) as u(d)) x
       group by island
    loop
      delete from public.analytics_daily r
       where r.workspace_id = ws and r.day >= run.first and r.day <= run.last;
      execute $sql$
    insert into public.analytics_daily (workspace_id, campaign_id, day, calls, completed, failed,
      active, cost_usd, seconds, leads, scores, replies, first_audio_sum, first_audio_top)
    with calls as (
      select v.id, v.started_at, v.campaign_id, (v.started_at at time zone 'UTC')::date as day,
             v.status, v.end_reason, v.total_cost_usd, v.duration_seconds
        from public.conversations v
       where v.workspace_id = $1 and v.started_at >= $2 and v.started_at < $3
         and not v.is_test
    ),
    with_leads as (
      select c.*, l.conversation_id as lead_of, l.qualification_score as score
        from calls c
        left join public.leads l
          on l.workspace_id = $1 and l.conversation_id = c.id
         and l.conversation_started_at = c.started_at
         and l.conversation_started_at >= $2 and l.conversation_started_at < $3
    ),
    base as (
      select c.campaign_id, c.day, pg_catalog.count(*)::int as calls,
             (pg_catalog.count(*) filter (where c.status = 'ended'
               and c.end_reason in ('completed', 'caller_declined', 'caller_hung_up')))::int as completed,
             (pg_catalog.count(*) filter (where c.status = 'failed'
               or c.end_reason like 'phone\_%'))::int as failed,
             (pg_catalog.count(*) filter (where c.status = 'active'))::int as active,
             coalesce(pg_catalog.sum(c.total_cost_usd), 0) as cost_usd,
             coalesce(pg_catalog.sum(c.duration_seconds), 0)::bigint as seconds,
             pg_catalog.count(c.lead_of)::int as leads
        from with_leads c
       group by 1, 2
    ),
    scored as (
      select c.campaign_id, c.day, pg_catalog.floor(c.score)::int as s, pg_catalog.count(*)::int as n
        from with_leads c
       where c.score is not null
       group by 1, 2, 3
    ),
    hist as (
      select b.campaign_id, b.day, pg_catalog.array_agg(coalesce(s.n, 0) order by i.i) as scores
        from base b
       cross join pg_catalog.generate_series(0, 100) as i(i)
        left join scored s on s.campaign_id = b.campaign_id and s.day = b.day and s.s = i.i
       group by 1, 2
    ),
    latency as (
      select c.campaign_id, c.day, pg_catalog.count(*)::int as replies,
             pg_catalog.sum(t.first_audio_ms)::bigint as total,
             pg_catalog.array_agg(t.first_audio_ms order by t.first_audio_ms desc) as ms
        from calls c
        join public.turns t
          on t.workspace_id = $1 and t.conversation_id = c.id
         and t.conversation_started_at = c.started_at
         and t.conversation_started_at >= $2 and t.conversation_started_at < $3
       where t.role = 'agent' and t.first_audio_ms is not null
       group by 1, 2
    )
    select $1, b.campaign_id, b.day, b.calls, b.completed, b.failed, b.active, b.cost_usd,
           b.seconds, b.leads, h.scores, coalesce(l.replies, 0), coalesce(l.total, 0),
           coalesce(l.ms[1:greatest(20, pg_catalog.ceil(l.replies * 0.1)::int + 2)],
             '{}'::int[])
      from base b
      join hist h on h.campaign_id = b.campaign_id and h.day = b.day
      left join latency l on l.campaign_id = b.campaign_id and l.day = b.day
      $sql$ using ws, run.first::timestamp at time zone 'UTC',
        (run.last + 1)::timestamp at time zone 'UTC';
    end loop;
    return pg_catalog.cardinality(todo);
  end
  $$;
comment on function public.analytics_refresh(uuid, date, date) is
  'the analytics rollup refresh of one workspace (service role: the jobs drain)';

-- What the analytics page calls first, as the signed-in user: the refresh of its range (at
-- most the page's 366 days), for a workspace the user can see (anything else is a no-op).
create function public.refresh_workspace_analytics(ws uuid, lo date, hi date) returns integer
  language plpgsql security definer
  set search_path = ''
  as $$
  begin
    if lo is null or hi is null or hi - lo > 366 then
      raise exception 'a range of at most 366 days is required' using errcode = '22023';
    end if;
    if not ws = any (public.workspace_ids('viewer')) then
      return 0;
    end if;
    return public.analytics_refresh(ws, lo, hi);
  end
  $$;
comment on function public.refresh_workspace_analytics(uuid, date, date) is
  'rpc: the analytics page brings the rollup of its range up to date (lib/db/queries/analytics.ts)';

revoke all on function public.analytics_mark_calls(), public.analytics_mark_children(),
  public.analytics_refresh(uuid, date, date), public.refresh_workspace_analytics(uuid, date, date)
  from public, anon, authenticated, voxline_caller;
grant execute on function public.analytics_refresh(uuid, date, date) to service_role;
grant execute on function public.refresh_workspace_analytics(uuid, date, date) to authenticated;

-- Every day that already has calls is due: the drain and the page fill the rollup in.
insert into public.analytics_dirty (workspace_id, day)
select distinct v.workspace_id, (v.started_at at time zone 'UTC')::date from public.conversations v;
