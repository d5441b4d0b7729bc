-- Makes the schema safe under Supabase's default privileges, which grant ALL on every table,
-- partition, sequence and function that `postgres` creates in public to anon,
-- authenticated and service_role. Generic over everything in public (it runs after every
-- other migration of its time), so tables added by other migrations are covered:
--   * every partition: no privileges for the client roles and RLS on with no policy (deny);
--   * every table: RLS on, and a client role keeps SELECT/INSERT/UPDATE/DELETE only where a
--     policy for that command applies to it; never TRUNCATE, TRIGGER, REFERENCES, MAINTAIN;
--   * every sequence: USAGE only for a role that may insert into the table owning it;
--   * every function: executable by a client role only when a policy, default or check of
--     a table that role may use calls it; service_role keeps what it had; security-definer
--     functions get `search_path = ''`;
--   * partitions made later by create_monthly_partitions are closed as they are created,
--     and postgres's default privileges in public stop granting to anon and authenticated.
-- The client roles: public (everyone), anon, authenticated and voxline_caller.
-- Everything changed is recorded first, so the down migration restores it exactly.

create table voxline.client_grants_snapshot (
  kind text not null check (kind in ('relation', 'column', 'routine', 'default', 'search_path', 'definition')),
  target text not null,
  detail text,
  acl aclitem[],
  rls boolean
);

-- 1. Record the state this migration changes.
insert into voxline.client_grants_snapshot (kind, target, detail, acl, rls)
select 'relation', format('%I.%I', n.nspname, c.relname), c.relkind::text,
       coalesce(c.relacl, acldefault((case when c.relkind = 'S' then 's' else 'r' end)::"char", c.relowner)),
       c.relrowsecurity
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
   and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                     and d.objid = c.oid and d.deptype = 'e');

insert into voxline.client_grants_snapshot (kind, target, detail, acl)
select 'column', format('%I.%I', n.nspname, c.relname), a.attname, a.attacl
  from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
 where n.nspname = 'public' and a.attacl is not null and a.attnum > 0 and not a.attisdropped;

insert into voxline.client_grants_snapshot (kind, target, acl)
select 'routine', format('public.%I(%s)', p.proname, oidvectortypes(p.proargtypes)),
       coalesce(p.proacl, acldefault('f'::"char", p.proowner))
  from pg_proc p
 where p.pronamespace = 'public'::regnamespace
   and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                     and d.objid = p.oid and d.deptype = 'e');

insert into voxline.client_grants_snapshot (kind, target, acl)
select 'default', d.defaclobjtype::text, d.defaclacl
  from pg_default_acl d
 where d.defaclrole = current_user::regrole and d.defaclnamespace = 'public'::regnamespace;

insert into voxline.client_grants_snapshot (kind, target, detail)
select 'definition', 'public.create_monthly_partitions(integer, integer)', pg_get_functiondef(p.oid)
  from pg_proc p
 where p.oid = to_regprocedure('public.create_monthly_partitions(integer, integer)');

-- 2. What "closed" means for a partition, in one place: used below and at creation.
create function public.close_partition(partition regclass) returns void
  language plpgsql
  set search_path = ''
  as $$
  begin
    execute format('revoke all on table %s from public, anon, authenticated, voxline_caller', partition);
    execute format('alter table %s enable row level security', partition);
  end
  $$;

-- The same function as before, closing each partition it creates.
create or replace function public.create_monthly_partitions(months_ahead integer default 3, months_back integer default 1)
  returns setof text
  language plpgsql
  set search_path = ''
  as $$
  declare
    parent text;
    key_column text;
    month_start date;
    lower_bound timestamptz;
    upper_bound timestamptz;
    partition_name text;
    has_rows boolean;
    this_month constant date := date_trunc('month', now() at time zone 'utc')::date;
  begin
    if months_ahead < 0 or months_back < 0 or months_ahead + months_back > 120 then
      raise exception 'months_ahead and months_back must be between 0 and 120 in total';
    end if;
    foreach parent in array array['conversations', 'turns', 'leads'] loop
      key_column := case parent when 'conversations' then 'started_at' else 'conversation_started_at' end;
      for offset_months in -months_back..months_ahead loop
        month_start := (this_month + make_interval(months => offset_months))::date;
        lower_bound := month_start::timestamp at time zone 'utc';
        upper_bound := (month_start + interval '1 month')::timestamp at time zone 'utc';
        partition_name := format('%s_%s', parent, to_char(month_start, 'YYYY_MM'));
        continue when to_regclass(format('public.%I', partition_name)) is not null;
        if exists (
          select 1 from pg_catalog.pg_class where relname = parent || '_default'
            and relnamespace = 'public'::regnamespace
        ) then
          execute format('select exists (select 1 from public.%I where %I >= $1 and %I < $2)',
              parent || '_default', key_column, key_column)
            into has_rows using lower_bound, upper_bound;
          if has_rows then
            raise notice 'skipping %: rows for that month are in %_default', partition_name, parent;
            continue;
          end if;
        end if;
        execute format('create table public.%I partition of public.%I for values from (%L) to (%L)',
          partition_name, parent, lower_bound, upper_bound);
        -- Supabase's default privileges just granted ALL on it to the client roles.
        perform public.close_partition(format('public.%I', partition_name)::regclass);
        return next partition_name;
      end loop;
    end loop;
  end
  $$;

-- 3. Tables, sequences and functions created later start closed to the client roles.
alter default privileges in schema public revoke all on tables from anon, authenticated;
alter default privileges in schema public revoke all on sequences from anon, authenticated;
alter default privileges in schema public revoke all on functions from anon, authenticated;

-- 4. RLS on every table, and every partition closed.
do $close$
declare
  rel regclass;
begin
  for rel in
    select c.oid from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and not c.relispartition
       and not c.relrowsecurity
       and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                         and d.objid = c.oid and d.deptype = 'e')
  loop
    raise notice 'enabling row level security on %', rel;
    execute format('alter table %s enable row level security', rel);
  end loop;
  for rel in
    select c.oid from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relispartition and c.relkind in ('r', 'p')
  loop
    perform public.close_partition(rel);
  end loop;
end
$close$;

-- 5. Table and column privileges: only what a policy for that role and command uses.
do $tables$
declare
  t record;
  g record;
begin
  for t in
    select c.oid, c.oid::regclass as rel, c.relkind,
           c.relkind in ('r', 'p') or (c.relkind = 'v' and coalesce(c.reloptions, '{}')
             && array['security_invoker=true', 'security_invoker=on', 'security_invoker=1']) as uses_rls
      from pg_class c
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f')
       and not c.relispartition
       and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                         and d.objid = c.oid and d.deptype = 'e')
  loop
    -- Table-level grants, then column-level ones (a table-level revoke already took the
    -- columns' grants of the same privilege with it).
    for g in
      select distinct a.grantee, a.privilege_type, null::name as column_name
        from pg_class c, aclexplode(c.relacl) a where c.oid = t.oid
      union all
      select distinct a.grantee, a.privilege_type, att.attname
        from pg_attribute att, aclexplode(att.attacl) a
       where att.attrelid = t.oid and att.attnum > 0 and not att.attisdropped
      order by 3 nulls first
    loop
      continue when g.grantee <> 0
        and g.grantee not in (select oid from pg_roles where rolname in ('anon', 'authenticated', 'voxline_caller'));
      continue when t.uses_rls and g.privilege_type in ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
        and (t.relkind = 'v' or exists (
          select 1 from pg_policy p
           where p.polrelid = t.oid and (0 = any (p.polroles) or g.grantee = any (p.polroles))
             and (p.polcmd = '*' or p.polcmd = case g.privilege_type
                   when 'SELECT' then 'r' when 'INSERT' then 'a' when 'UPDATE' then 'w' else 'd' end)));
      execute format('revoke %s %s on table %s from %s', g.privilege_type,
        case when g.column_name is null then '' else format('(%I)', g.column_name) end, t.rel,
        case when g.grantee = 0 then 'public' else quote_ident(g.grantee::regrole::text) end);
    end loop;
  end loop;
end
$tables$;

-- 6. Sequences: USAGE and SELECT only for a role that may insert into the owning table.
do $sequences$
declare
  s record;
  r text;
begin
  for s in
    select c.oid::regclass as seq, d.refobjid as owner_table
      from pg_class c
      left join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = c.oid
        and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
     where c.relnamespace = 'public'::regnamespace and c.relkind = 'S'
       and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass
                         and e.objid = c.oid and e.deptype = 'e')
  loop
    execute format('revoke all on sequence %s from public, anon, authenticated, voxline_caller', s.seq);
    foreach r in array array['anon', 'authenticated', 'voxline_caller'] loop
      if s.owner_table is not null and has_any_column_privilege(r, s.owner_table, 'INSERT') then
        execute format('grant usage, select on sequence %s to %I', s.seq, r);
      end if;
    end loop;
  end loop;
end
$sequences$;

-- 7. Functions: executable by a client role only when that role's policies, or the
-- defaults and checks of a table it may write, call them.
do $routines$
declare
  f record;
  r text;
begin
  for f in
    select p.oid, format('public.%I(%s)', p.proname, oidvectortypes(p.proargtypes)) as sig,
           p.prosecdef, p.proconfig, has_function_privilege('service_role', p.oid, 'EXECUTE') as service
      from pg_proc p
     where p.pronamespace = 'public'::regnamespace
       and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                         and d.objid = p.oid and d.deptype = 'e')
  loop
    if f.prosecdef and not coalesce(f.proconfig, '{}') && array['search_path=""', 'search_path='] then
      raise notice 'security definer % gets search_path = ''''', f.sig;
      insert into voxline.client_grants_snapshot (kind, target) values ('search_path', f.sig);
      execute format('alter routine %s set search_path = %L', f.sig, '');
    end if;
    execute format('revoke all on routine %s from public, anon, authenticated, voxline_caller, service_role', f.sig);
    if f.service then
      execute format('grant execute on routine %s to service_role', f.sig);
    end if;
    foreach r in array array['anon', 'authenticated', 'voxline_caller'] loop
      if exists (
        select 1 from pg_depend d join pg_policy p on p.oid = d.objid
         where d.classid = 'pg_policy'::regclass and d.refclassid = 'pg_proc'::regclass
           and d.refobjid = f.oid
           and (0 = any (p.polroles) or (select oid from pg_roles where rolname = r) = any (p.polroles))
        union all
        select 1 from pg_depend d join pg_attrdef a on a.oid = d.objid
         where d.classid = 'pg_attrdef'::regclass and d.refobjid = f.oid
           and has_any_column_privilege(r, a.adrelid, 'INSERT, UPDATE')
        union all
        select 1 from pg_depend d join pg_constraint c on c.oid = d.objid
         where d.classid = 'pg_constraint'::regclass and d.refobjid = f.oid and c.conrelid <> 0
           and has_any_column_privilege(r, c.conrelid, 'INSERT, UPDATE')
      ) then
        execute format('grant execute on routine %s to %I', f.sig, r);
      end if;
    end loop;
  end loop;
end
$routines$;
