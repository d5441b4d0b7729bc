set local lock_timeout = '10s';

drop trigger if exists conversations_analytics_insert on public.conversations;
drop trigger if exists conversations_analytics_update on public.conversations;
drop trigger if exists conversations_analytics_delete on public.conversations;
drop trigger if exists turns_analytics_insert on public.turns;
drop trigger if exists turns_analytics_update on public.turns;
drop trigger if exists turns_analytics_delete on public.turns;
drop trigger if exists leads_analytics_insert on public.leads;
drop trigger if exists leads_analytics_update on public.leads;
drop trigger if exists leads_analytics_delete on public.leads;
drop function if exists public.refresh_workspace_analytics(uuid, date, date);
drop function if exists public.analytics_refresh(uuid, date, date);
drop function if exists public.analytics_mark_calls();
drop function if exists public.analytics_mark_children();
drop table if exists public.analytics_dirty;
drop table if exists public.analytics_daily;
