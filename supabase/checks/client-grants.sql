-- What the client roles (public, anon, authenticated, voxline_caller) hold in schema public
-- beyond what the RLS policies use. No rows = closed. Run it in the Supabase SQL editor, or
-- `npm run verify-grants` against DIRECT_DATABASE_URL. Rules match migration
-- 20261201191000_close_client_grants.sql.
with client_roles as (
  select 0::oid as oid, 'public'::text as name
  union all
  select oid, rolname::text from pg_roles where rolname in ('anon', 'authenticated', 'voxline_caller')
),
rels as (
  select c.oid, c.relname, c.relkind, c.relispartition, c.relrowsecurity, c.relacl,
         c.relkind in ('r', 'p') or (c.relkind = 'v' and coalesce(c.reloptions, '{}')
           && array['security_invoker=true', 'security_invoker=on', 'security_invoker=1']) as uses_rls
    from pg_class c
   where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'f', 'S')
     and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass
                       and d.objid = c.oid and d.deptype = 'e')
),
rel_grants as (
  select r.oid, r.relname, r.relkind, r.relispartition, r.uses_rls, cr.oid as role_oid,
         cr.name as role, a.privilege_type, null::text as column_name
    from rels r cross join lateral aclexplode(r.relacl) a join client_roles cr on cr.oid = a.grantee
  union all
  select r.oid, r.relname, r.relkind, r.relispartition, r.uses_rls, cr.oid, cr.name,
         a.privilege_type, att.attname::text
    from rels r
    join pg_attribute att on att.attrelid = r.oid and att.attnum > 0 and not att.attisdropped
    cross join lateral aclexplode(att.attacl) a join client_roles cr on cr.oid = a.grantee
),
routines as (
  select p.oid, format('%I(%s)', p.proname, oidvectortypes(p.proargtypes)) as name,
         p.prosecdef, p.proconfig
    from pg_proc p
   where p.pronamespace = 'public'::regnamespace
     and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass
                       and d.objid = p.oid and d.deptype = 'e')
)
select 'partition' as kind, relname::text as object, role,
       privilege_type || coalesce(' (' || column_name || ')', '') as privilege,
       'a partition is reached through its parent only' as problem
  from rel_grants where relispartition
union all
select case when relispartition then 'partition' else 'table' end, relname::text, null, null,
       'row level security is off'
  from rels where relkind in ('r', 'p') and not relrowsecurity
union all
select case when relkind in ('r', 'p') then 'table' else 'view' end, relname::text, role,
       privilege_type || coalesce(' (' || column_name || ')', ''),
       case when privilege_type in ('SELECT', 'INSERT', 'UPDATE', 'DELETE') and uses_rls
            then 'no policy for this command applies to the role'
            else 'never needed by a client role' end
  from rel_grants g
 where not relispartition and relkind <> 'S'
   and not (uses_rls and privilege_type in ('SELECT', 'INSERT', 'UPDATE', 'DELETE')
     and (relkind = 'v' or exists (
       select 1 from pg_policy p
        where p.polrelid = g.oid and (0 = any (p.polroles) or g.role_oid = any (p.polroles))
          and (p.polcmd = '*' or p.polcmd = case privilege_type
                when 'SELECT' then 'r' when 'INSERT' then 'a' when 'UPDATE' then 'w' else 'd' end))))
union all
select 'sequence', relname::text, role, privilege_type,
       'only USAGE/SELECT, for a role that may insert into the owning table'
  from rel_grants g
 where relkind = 'S' and (privilege_type not in ('USAGE', 'SELECT') or not exists (
   select 1 from pg_depend d
    where d.classid = 'pg_class'::regclass and d.objid = g.oid
      and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
      and has_any_column_privilege(g.role, d.refobjid, 'INSERT')))
union all
select 'function', f.name, cr.name, 'EXECUTE',
       'not called by the role''s policies, nor by defaults or checks of a table it may write'
  from routines f cross join client_roles cr
 where has_function_privilege(cr.name, f.oid, 'EXECUTE')
   -- A function meant to be called directly (an RPC, e.g. accept_invitation) says so in its
   -- comment, 'rpc: …', and may be executed by authenticated only.
   and not (cr.name = 'authenticated'
            and coalesce(pg_catalog.obj_description(f.oid, 'pg_proc'), '') like 'rpc:%')
   and not exists (
     select 1 from pg_depend d join pg_policy p on p.oid = d.objid
      where d.classid = 'pg_policy'::regclass and d.refclassid = 'pg_proc'::regclass
        and d.refobjid = f.oid and (0 = any (p.polroles) or cr.oid = any (p.polroles))
     union all
     select 1 from pg_depend d join pg_attrdef a on a.oid = d.objid
      where d.classid = 'pg_attrdef'::regclass and d.refobjid = f.oid
        and has_any_column_privilege(cr.name, a.adrelid, 'INSERT, UPDATE')
     union all
     select 1 from pg_depend d join pg_constraint c on c.oid = d.objid
      where d.classid = 'pg_constraint'::regclass and d.refobjid = f.oid and c.conrelid <> 0
        and has_any_column_privilege(cr.name, c.conrelid, 'INSERT, UPDATE'))
union all
select 'function', name, null, null, 'security definer without search_path = '''''
  from routines
 where prosecdef and not coalesce(proconfig, '{}') && array['search_path=""', 'search_path=']
order by 1, 2, 3, 4;
