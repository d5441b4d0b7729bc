-- Drops the local session table, and only the shim's: Supabase's auth.sessions stays.
-- Everyone signed in locally is signed out (their tokens name sessions that no longer exist).
do $sessions$
begin
  if obj_description('auth'::regnamespace, 'pg_namespace') = 'voxline local auth shim' then
    drop table if exists auth.sessions;
  end if;
exception when invalid_schema_name then
  null;
end
$sessions$;
