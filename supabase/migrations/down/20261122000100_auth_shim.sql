-- Drops the local auth shim, and only the shim: a Supabase auth schema is never dropped.
-- The roles stay, as they are shared by every database in the cluster.
do $shim$
begin
  if obj_description('auth'::regnamespace, 'pg_namespace') = 'voxline local auth shim' then
    drop schema auth cascade;
  end if;
exception when invalid_schema_name then
  null;
end
$shim$;
