drop table if exists public.campaign_slugs;
drop table if exists public.campaigns;
drop function if exists public.set_updated_at();
