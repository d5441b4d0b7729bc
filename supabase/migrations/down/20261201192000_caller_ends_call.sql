revoke select (kind, conversation_id, conversation_started_at) on public.jobs from voxline_caller;
revoke insert on public.jobs from voxline_caller;
drop policy if exists jobs_caller_select on public.jobs;
drop policy if exists jobs_caller_insert on public.jobs;
