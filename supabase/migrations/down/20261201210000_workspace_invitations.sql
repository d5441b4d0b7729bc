drop function if exists public.workspace_member_list(uuid);
drop function if exists public.accept_invitation(text);
drop table if exists public.workspace_invitations;
