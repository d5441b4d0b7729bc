-- Restores the privileges, RLS flags, default privileges and function settings recorded by
-- the up migration. Relations created since (later partitions) keep what they have.
do $restore$
declare
  s record;
  g record;
  kw text;
  roles constant text := 'public, anon, authenticated, voxline_caller, service_role';
  grantees oid[] := array(select oid from pg_roles
    where rolname in ('anon', 'authenticated', 'voxline_caller', 'service_role')) || 0::oid;
begin
  for s in select detail from voxline.client_grants_snapshot where kind = 'definition' loop
    execute s.detail;
  end loop;

  for s in select * from voxline.client_grants_snapshot where kind = 'relation'
    -- A CASE, so Postgres 15 never parses another kind's target as a name.
    and case when kind = 'relation' then to_regclass(target) end is not null
  loop
    kw := case when s.detail = 'S' then 'sequence' else 'table' end;
    execute format('revoke all on %s %s from %s', kw, s.target, roles);
    for g in select * from aclexplode(s.acl) a where a.grantee = any (grantees) loop
      execute format('grant %s on %s %s to %s%s', g.privilege_type, kw, s.target,
        case when g.grantee = 0 then 'public' else quote_ident(g.grantee::regrole::text) end,
        case when g.is_grantable then ' with grant option' else '' end);
    end loop;
    if s.detail in ('r', 'p') and not s.rls then
      execute format('alter table %s disable row level security', s.target);
    end if;
  end loop;

  for s in select * from voxline.client_grants_snapshot where kind = 'column'
    and case when kind = 'column' then to_regclass(target) end is not null
  loop
    for g in select * from aclexplode(s.acl) a where a.grantee = any (grantees) loop
      execute format('grant %s (%I) on table %s to %s%s', g.privilege_type, s.detail, s.target,
        case when g.grantee = 0 then 'public' else quote_ident(g.grantee::regrole::text) end,
        case when g.is_grantable then ' with grant option' else '' end);
    end loop;
  end loop;

  for s in select * from voxline.client_grants_snapshot where kind = 'routine'
    and case when kind = 'routine' then to_regprocedure(target) end is not null
  loop
    execute format('revoke all on routine %s from %s', s.target, roles);
    for g in select * from aclexplode(s.acl) a where a.grantee = any (grantees) loop
      execute format('grant %s on routine %s to %s%s', g.privilege_type, s.target,
        case when g.grantee = 0 then 'public' else quote_ident(g.grantee::regrole::text) end,
        case when g.is_grantable then ' with grant option' else '' end);
    end loop;
  end loop;

  for s in select * from voxline.client_grants_snapshot where kind = 'search_path'
    and case when kind = 'search_path' then to_regprocedure(target) end is not null
  loop
    execute format('alter routine %s reset search_path', s.target);
  end loop;

  for s in select * from voxline.client_grants_snapshot where kind = 'default' loop
    kw := case s.target when 'r' then 'tables' when 'S' then 'sequences' when 'f' then 'functions' end;
    continue when kw is null;
    for g in select * from aclexplode(s.acl) a
      where a.grantee in (select oid from pg_roles where rolname in ('anon', 'authenticated'))
    loop
      execute format('alter default privileges in schema public grant %s on %s to %I%s',
        g.privilege_type, kw, g.grantee::regrole::text,
        case when g.is_grantable then ' with grant option' else '' end);
    end loop;
  end loop;
end
$restore$;

drop function if exists public.close_partition(regclass);
drop table voxline.client_grants_snapshot;
