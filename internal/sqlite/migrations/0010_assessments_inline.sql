-- Performance (issue 18): on PostgreSQL this migration keeps an
-- assessment's ~4 KB result in its row instead of compressing it and
-- moving it out (toast_tuple_target). SQLite stores a row's values in its
-- page and the pages after it, uncompressed, already: nothing to change.
-- The number is kept so that both engines' schemas have one version.
SELECT 1;
