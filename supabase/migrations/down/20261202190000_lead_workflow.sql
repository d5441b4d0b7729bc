set local lock_timeout = '10s';

drop index if exists public.leads_workspace_score_idx;
drop index if exists public.leads_workspace_created_idx;
create index leads_workspace_created_idx on public.leads (workspace_id, created_at desc);

alter table public.leads drop column if exists assigned_to;
alter table public.leads drop column if exists notes;

alter table public.leads drop constraint leads_status_check;
update public.leads set status = 'unqualified' where status = 'lost';
update public.leads set status = 'converted' where status = 'won';
alter table public.leads add constraint leads_status_check
  check (status in ('new', 'contacted', 'qualified', 'unqualified', 'converted'));
