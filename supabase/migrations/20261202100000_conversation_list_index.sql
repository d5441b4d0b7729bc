-- The conversations list: a workspace's calls newest first, keyset-paginated on
-- (started_at desc, id desc). This index serves the order and the cursor's seek in every
-- month partition the started_at range keeps; the (campaign_id, started_at desc) index
-- already serves the list filtered by campaign.
--
-- It also serves the analytics page (lib/db/queries/analytics.ts) from the index alone for
-- what its aggregates filter on. It includes only columns that change at most once per call
-- (at its end): a column a turn updates (turn_count, the costs, updated_at) in any index
-- would stop Postgres updating the row in place (HOT) on every turn.
create index conversations_workspace_started_idx
  on public.conversations (workspace_id, started_at desc, id desc)
  include (campaign_id, is_test, status, end_reason, duration_seconds);
