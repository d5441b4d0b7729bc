-- Ending a call runs as the call-token holder too (withCaller): the one job a caller may
-- enqueue is the post-call analysis of its own conversation. It cannot read, change or run
-- jobs; the runner works them with the service role.
create policy jobs_caller_insert on public.jobs for insert to voxline_caller
  with check (
    kind = 'analyze_call'
    and conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
    and owner_id = (select public.caller_claim('owner_id')::uuid)
  );
grant insert on public.jobs to voxline_caller;
-- The enqueue's `on conflict (kind, conversation_id, conversation_started_at) do nothing`
-- needs SELECT on its arbiter columns, and a policy that shows the caller its own job only.
create policy jobs_caller_select on public.jobs for select to voxline_caller
  using (
    conversation_id = (select public.caller_claim('conversation_id')::uuid)
    and conversation_started_at = (select public.caller_claim('conversation_started_at')::timestamptz)
  );
grant select (kind, conversation_id, conversation_started_at) on public.jobs to voxline_caller;
