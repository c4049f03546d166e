-- Uploaded image bytes, so that every node serves every upload (no shared filesystem needed).
-- Keyed by the server-made name that is also the URL under /files/; uploads(name) holds the owner and quotas.
CREATE TABLE media (
  name TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size BIGINT NOT NULL,
  bytes BYTEA NOT NULL,
  created_at BIGINT NOT NULL);
-- images are compressed already: keep them out of line uncompressed, so substring() reads only the chunks asked for
ALTER TABLE media ALTER COLUMN bytes SET STORAGE EXTERNAL;
