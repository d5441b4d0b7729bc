-- The role itself stays: roles are shared by every database in the cluster.
drop function if exists public.resolve_api_key(text);
drop table if exists public.api_keys;
do $usage$
begin
  revoke usage on schema public from voxline_api_key;
exception when insufficient_privilege or undefined_object then
  null;
end
$usage$;
