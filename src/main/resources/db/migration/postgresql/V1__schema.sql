-- The same schema as SQLite's V1-V5. members.seq keeps the joining order (SQLite uses its rowid).
CREATE TABLE groups (
  gid BIGSERIAL PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('group', 'direct')),
  direct_key TEXT UNIQUE,
  name TEXT, nick TEXT, intro TEXT, notice TEXT, approval_rule TEXT, s_code TEXT,
  avatar TEXT, invitation TEXT,
  can_search INTEGER NOT NULL DEFAULT 0,
  max_members INTEGER NOT NULL,
  group_kind INTEGER NOT NULL DEFAULT 1024,
  biz_ext TEXT,
  owner_pin TEXT, owner_app TEXT,
  last_mid BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE TABLE members (
  gid BIGINT NOT NULL REFERENCES groups(gid),
  pin TEXT NOT NULL, app_id TEXT NOT NULL, nick_name TEXT,
  joined_at BIGINT NOT NULL,
  seq BIGSERIAL NOT NULL,
  PRIMARY KEY (gid, pin, app_id));
CREATE INDEX members_by_user ON members(pin, app_id);
-- (sender, client id) is unique across the whole database, so a resend to any node finds the original
CREATE TABLE messages (
  gid BIGINT NOT NULL REFERENCES groups(gid),
  mid BIGINT NOT NULL,
  sender_pin TEXT NOT NULL, sender_app TEXT NOT NULL, sender_nick TEXT,
  type TEXT NOT NULL, content TEXT NOT NULL, payload TEXT,
  client_msg_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  fallback_text TEXT,
  version INTEGER NOT NULL DEFAULT 1,
  recalled_at BIGINT,
  PRIMARY KEY (gid, mid),
  UNIQUE (sender_pin, sender_app, client_msg_id));
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('epoch', md5(random()::text || clock_timestamp()::text));
CREATE TABLE read_cursors (
  gid BIGINT NOT NULL REFERENCES groups(gid),
  pin TEXT NOT NULL, app_id TEXT NOT NULL,
  last_read_mid BIGINT NOT NULL,
  PRIMARY KEY (gid, pin, app_id));
CREATE TABLE uploads (
  name TEXT PRIMARY KEY,
  owner_pin TEXT NOT NULL, owner_app TEXT NOT NULL,
  mime TEXT NOT NULL, size BIGINT NOT NULL,
  width INTEGER NOT NULL, height INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX uploads_by_owner ON uploads(owner_pin, owner_app, created_at);
CREATE TABLE unread_counts (
  pin TEXT NOT NULL, app_id TEXT NOT NULL,
  gid BIGINT NOT NULL REFERENCES groups(gid),
  count BIGINT NOT NULL,
  PRIMARY KEY (pin, app_id, gid));
CREATE INDEX unread_counts_by_gid ON unread_counts(gid);
