-- Local development seed. Safe to re-run.
--
-- Users come from sign-up (auth.users: Supabase Auth, or the local auth shim), so this
-- seed creates no users. If at least one user exists, the first one to sign up gets a
-- demo campaign, unless they already have a campaign with the demo's name. The campaign
-- and its row in the public slug registry (campaign_slugs) are inserted together.
do $seed$
declare
  demo_owner uuid;
  demo_campaign uuid;
begin
  select id into demo_owner from auth.users order by created_at limit 1;
  if demo_owner is null then
    raise notice 'seed: no users yet; sign up, then run the seed again for a demo campaign';
    return;
  end if;

  if exists (
    select 1 from public.campaigns
    where workspace_id = demo_owner and name = 'Demo: kitchen remodel'
  ) then
    raise notice 'seed: demo campaign already exists';
    return;
  end if;

  if exists (select 1 from public.campaign_slugs where slug = 'demo-kitchen-remodel') then
    raise notice 'seed: the slug demo-kitchen-remodel is taken by another campaign';
    return;
  end if;

  insert into public.campaigns
    (workspace_id, name, description, status, public_slug, voice_settings, flow_config)
  values (
    demo_owner,
    'Demo: kitchen remodel',
    'Qualifies homeowners asking about a kitchen remodel: scope, budget and timeline.',
    'active',
    'demo-kitchen-remodel',
    '{"voice": "nova", "language": "en-US", "speed": 1}'::jsonb,
    jsonb_build_object(
      'persona',
        'You are Sam, a friendly assistant for a small kitchen remodeling company. '
        || 'Ask one question at a time, keep answers short, and never quote prices.',
      'firstMessage',
        'Hi, this is Sam from the remodeling team. Are you thinking about a new kitchen?',
      'questions', jsonb_build_array(
        jsonb_build_object('id', 'scope', 'text', 'What would you like to change in your kitchen?', 'weight', 5),
        jsonb_build_object('id', 'budget', 'text', 'Do you have a budget range in mind?', 'weight', 4),
        jsonb_build_object('id', 'timeline', 'text', 'When would you like the work to start?', 'weight', 3)
      ),
      'requiredFields', jsonb_build_array('name', 'email', 'phone'),
      'closingMessage',
        'Thanks! Someone from our team will call you within one business day. Goodbye!'
    )
  )
  returning id into demo_campaign;

  insert into public.campaign_slugs (slug, workspace_id, campaign_id)
  values ('demo-kitchen-remodel', demo_owner, demo_campaign);

  raise notice 'seed: created demo campaign % at /call/demo-kitchen-remodel', demo_campaign;
end
$seed$;
