-- What the agent did in a turn besides speaking: the tool calls it made (lead fields it
-- captured, ending the call), as [{ "name", "arguments" }]. Post-call analysis reads them.
alter table public.turns add column tool_calls jsonb
  check (tool_calls is null or jsonb_typeof(tool_calls) = 'array');
