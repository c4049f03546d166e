-- Versions 1-4 were applied by hand-written code that kept this table; Flyway keeps the history now.
DROP TABLE IF EXISTS schema_version;
