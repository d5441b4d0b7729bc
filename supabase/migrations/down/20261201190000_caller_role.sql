-- Removes what voxline_caller may do in this database. The role itself stays: roles are
-- shared by every database in the cluster (as the auth shim's are).
drop policy if exists conversations_caller_select on public.conversations;
drop policy if exists conversations_caller_update on public.conversations;
drop policy if exists turns_caller_select on public.turns;
drop policy if exists turns_caller_insert on public.turns;
drop policy if exists turns_caller_update on public.turns;
drop policy if exists campaigns_caller_select on public.campaigns;
revoke all on all tables in schema public from voxline_caller;
revoke all on all sequences in schema public from voxline_caller;
revoke all on all routines in schema public from voxline_caller;
drop function if exists public.caller_claim(text);
do $usage$
begin
  revoke usage on schema public from voxline_caller;
exception when insufficient_privilege then
  null;
end
$usage$;
