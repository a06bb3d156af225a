-- Performance (issue 18): an assessment's stored result is ~4 KB of JSON.
-- Above ~2 KB PostgreSQL compresses a row's long values (pglz) and moves
-- what is still long to the TOAST table: two more inserts and a CPU-heavy
-- compression for every assessment, on the same cores as the server. Kept
-- in the row up to a page instead (docs/PERFORMANCE.md). Existing rows
-- stay as they are; only how new ones are stored changes.
ALTER TABLE assessments SET (toast_tuple_target = 8160);
