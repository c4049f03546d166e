-- docs/PROTOCOL.md "Resume, recall, read receipts, unread, typing"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('epoch', lower(hex(randomblob(16))));
ALTER TABLE messages ADD COLUMN fallback_text TEXT;
ALTER TABLE messages ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN recalled_at INTEGER;
CREATE TABLE read_cursors (
  gid INTEGER NOT NULL REFERENCES groups(gid),
  pin TEXT NOT NULL, app_id TEXT NOT NULL,
  last_read_mid INTEGER NOT NULL,
  PRIMARY KEY (gid, pin, app_id));
