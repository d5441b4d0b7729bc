-- Invitations to a workspace: an owner or admin invites an email address with a role; the
-- invitee opens a single-use link (/invite/<token>) that expires after 7 days and, signed in
-- as that email, accepts it. Only the SHA-256 of the token is stored, so a copy of this
-- table (a backup, a log of a query) cannot be turned into a working link.
--
-- Roles an invitation may grant: admin, member, viewer. Nobody is invited as owner: an owner
-- promotes an existing member instead (see lib/workspaces/members.ts), so ownership is always
-- given by someone who already holds it, to someone already inside.
create table public.workspace_invitations (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspaces (id) on delete cascade,
  email text not null
    check (email = lower(email) and char_length(email) between 3 and 320 and email like '%_@_%'),
  role text not null check (role in ('admin', 'member', 'viewer')),
  -- hex SHA-256 of the token; the token itself (32 random bytes, base64url) is never stored.
  token_hash text not null unique check (token_hash ~ '^[0-9a-f]{64}$'),
  invited_by uuid default auth.uid() references auth.users (id) on delete set null,
  expires_at timestamptz not null default now() + interval '7 days',
  accepted_at timestamptz,
  accepted_by uuid references auth.users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  -- accepted_by becomes null if that user is deleted; accepted_at stays.
  check (accepted_by is null or accepted_at is not null)
);
create index workspace_invitations_workspace_idx on public.workspace_invitations (workspace_id);
-- At most one open invitation per address and workspace (re-inviting revokes the old one).
create unique index workspace_invitations_open_idx on public.workspace_invitations (workspace_id, email)
  where accepted_at is null and revoked_at is null;

-- Admins and owners of the workspace list, create and revoke its invitations; nobody else
-- reads them (the invitee goes through accept_invitation, the invite page through the
-- server's service role with the token in hand).
alter table public.workspace_invitations enable row level security;
create policy workspace_invitations_admin_select on public.workspace_invitations
  for select to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));
create policy workspace_invitations_admin_insert on public.workspace_invitations
  for insert to authenticated
  with check (
    workspace_id = any ((select public.workspace_ids('admin'))::uuid[])
    and invited_by = (select auth.uid())
    and accepted_at is null and accepted_by is null and revoked_at is null
    and expires_at <= now() + interval '7 days'
  );
create policy workspace_invitations_admin_update on public.workspace_invitations
  for update to authenticated
  using (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]))
  with check (workspace_id = any ((select public.workspace_ids('admin'))::uuid[]));
revoke all on public.workspace_invitations from public, anon, authenticated;
grant select, insert (workspace_id, email, role, token_hash, invited_by, expires_at)
  on public.workspace_invitations to authenticated;
-- Revoking is the one change a client makes; accepting goes through accept_invitation.
grant update (revoked_at) on public.workspace_invitations to authenticated;
grant select, insert, update, delete on public.workspace_invitations to service_role;

-- Accepts the invitation `token` names as the signed-in user: the token's hash must match,
-- it must be open (not revoked, not expired, not used by someone else) and the user's email
-- (auth.jwt() ->> 'email') must be the invited address. Adds the membership (an existing
-- membership keeps its role) and marks the invitation used. Accepting again as the same
-- user returns the workspace and changes nothing. Each refusal has its own message, which
-- lib/workspaces/invitations.ts maps to an HTTP status:
--   invitation_not_found (no such token), invitation_revoked, invitation_expired,
--   invitation_used (accepted by another user), invitation_wrong_email, not_signed_in.
create function public.accept_invitation(token text)
returns uuid
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  uid uuid := auth.uid();
  email text := lower(auth.jwt() ->> 'email');
  inv public.workspace_invitations;
begin
  if uid is null then
    raise exception 'not_signed_in' using errcode = '28000';
  end if;
  select * into inv from public.workspace_invitations i
   where i.token_hash = pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(coalesce(token, ''), 'UTF8')), 'hex')
   for update;
  if not found then
    raise exception 'invitation_not_found' using errcode = 'P0002';
  end if;
  if inv.accepted_at is not null then
    if inv.accepted_by = uid then
      return inv.workspace_id; -- accepting twice is a no-op
    end if;
    raise exception 'invitation_used' using errcode = 'P0001';
  end if;
  if inv.revoked_at is not null then
    raise exception 'invitation_revoked' using errcode = 'P0001';
  end if;
  if inv.expires_at <= pg_catalog.now() then
    raise exception 'invitation_expired' using errcode = 'P0001';
  end if;
  if email is null or email <> inv.email then
    raise exception 'invitation_wrong_email' using errcode = 'P0001';
  end if;
  insert into public.workspace_members (workspace_id, user_id, role)
  values (inv.workspace_id, uid, inv.role)
  on conflict (workspace_id, user_id) do nothing;
  update public.workspace_invitations
     set accepted_at = pg_catalog.now(), accepted_by = uid
   where id = inv.id;
  return inv.workspace_id;
end
$$;
comment on function public.accept_invitation(text) is
  'rpc: called directly by signed-in users (lib/workspaces/invitations.ts acceptInvitation)';
revoke all on function public.accept_invitation(text) from public, anon, authenticated;
grant execute on function public.accept_invitation(text) to authenticated, service_role;

-- The members of a workspace with their email addresses (auth.users is closed to clients),
-- for any member of it; nothing for anyone else.
create function public.workspace_member_list(ws uuid)
returns table (user_id uuid, email text, role text, created_at timestamptz)
language sql
stable
security definer
set search_path = ''
as $$
  select m.user_id, u.email::text, m.role, m.created_at
    from public.workspace_members m
    join auth.users u on u.id = m.user_id
   where m.workspace_id = ws
     and ws = any (public.workspace_ids('viewer'))
   order by array_position(array['owner', 'admin', 'member', 'viewer'], m.role), u.email
$$;
comment on function public.workspace_member_list(uuid) is
  'rpc: called directly by signed-in users (lib/workspaces/members.ts listMembers)';
revoke all on function public.workspace_member_list(uuid) from public, anon, authenticated;
grant execute on function public.workspace_member_list(uuid) to authenticated, service_role;
