CREATE TABLE groups (
  gid INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('group', 'direct')),
  direct_key TEXT UNIQUE,
  name TEXT, nick TEXT, intro TEXT, notice TEXT, approval_rule TEXT, s_code TEXT,
  avatar TEXT, invitation TEXT,
  can_search INTEGER NOT NULL DEFAULT 0,
  max_members INTEGER NOT NULL,
  group_kind INTEGER NOT NULL DEFAULT 1024,
  biz_ext TEXT,
  owner_pin TEXT, owner_app TEXT,
  last_mid INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL);
CREATE TABLE members (
  gid INTEGER NOT NULL REFERENCES groups(gid),
  pin TEXT NOT NULL, app_id TEXT NOT NULL, nick_name TEXT,
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (gid, pin, app_id));
CREATE INDEX members_by_user ON members(pin, app_id);
CREATE TABLE messages (
  gid INTEGER NOT NULL REFERENCES groups(gid),
  mid INTEGER NOT NULL,
  sender_pin TEXT NOT NULL, sender_app TEXT NOT NULL, sender_nick TEXT,
  type TEXT NOT NULL, content TEXT NOT NULL, payload TEXT,
  client_msg_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (gid, mid),
  UNIQUE (sender_pin, sender_app, client_msg_id));
