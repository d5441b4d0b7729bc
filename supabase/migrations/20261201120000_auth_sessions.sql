-- Server-side sessions for local auth, in the shape of Supabase's auth.sessions: a session
-- token names its row (the session_id claim, as Supabase's tokens do), every request
-- checks the row still exists, and signing out deletes it. Deleting a user deletes its
-- sessions, so a deleted user's cookie stops working at once.
-- On Supabase (recognised by its supabase_auth_admin role) the real auth.sessions exists
-- and is left alone.
do $sessions$
begin
  if exists (select 1 from pg_roles where rolname = 'supabase_auth_admin') then
    raise notice 'Supabase detected: auth.sessions is Supabase''s own';
    return;
  end if;

  create table auth.sessions (
    id uuid primary key default gen_random_uuid(),
    user_id uuid not null references auth.users (id) on delete cascade,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    -- The session ends here even if nobody signs out (the cookie's lifetime).
    not_after timestamptz not null
  );
  create index sessions_user_id_idx on auth.sessions (user_id);

  -- Only the server (service role) reads or writes sessions; no client role ever sees them.
  alter table auth.sessions enable row level security;
  revoke all on auth.sessions from anon, authenticated;
  grant select, insert, update, delete on auth.sessions to service_role;
end
$sessions$;
