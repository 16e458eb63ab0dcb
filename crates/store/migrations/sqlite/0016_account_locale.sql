-- The language an account chose for its pages and emails (`en`, `fr`, `de`, `it`); NULL follows
-- the browser (and, for emails, English or the language of the request that sends them).
ALTER TABLE account ADD COLUMN locale TEXT;
