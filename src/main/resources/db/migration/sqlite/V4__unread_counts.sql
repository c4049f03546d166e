-- unread counts kept incrementally (issue 8), seeded by one recount of every membership
CREATE TABLE unread_counts (
  pin TEXT NOT NULL, app_id TEXT NOT NULL,
  gid INTEGER NOT NULL REFERENCES groups(gid),
  count INTEGER NOT NULL,
  PRIMARY KEY (pin, app_id, gid));
INSERT INTO unread_counts (pin, app_id, gid, count) SELECT mb.pin, mb.app_id, mb.gid,
  (SELECT COUNT(*) FROM messages m WHERE m.gid = mb.gid
     AND m.mid > COALESCE((SELECT rc.last_read_mid FROM read_cursors rc WHERE rc.gid = mb.gid
                           AND rc.pin = mb.pin AND rc.app_id = mb.app_id), 0)
     AND NOT (m.sender_pin = mb.pin AND m.sender_app = mb.app_id) AND m.type <> 'recall')
  FROM members mb;
