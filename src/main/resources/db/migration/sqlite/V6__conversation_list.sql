-- The desk's conversation list (docs/PROTOCOL.md "Conversation list"), kept per member so that a page
-- costs O(page): the conversation's last activity (moved by every append, in its write batch), the
-- title this member sees (group name, or the peer's display name in a 1:1; title_key is it with ASCII
-- letters lowered, for the prefix filter) and the peer of a 1:1.
ALTER TABLE members ADD COLUMN activity INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN title TEXT;
ALTER TABLE members ADD COLUMN title_key TEXT;
ALTER TABLE members ADD COLUMN peer_pin TEXT;
ALTER TABLE members ADD COLUMN peer_app TEXT;
UPDATE members SET activity = COALESCE(
    (SELECT m.created_at FROM messages m JOIN groups g ON m.gid = g.gid AND m.mid = g.last_mid WHERE g.gid = members.gid),
    (SELECT g.created_at FROM groups g WHERE g.gid = members.gid));
UPDATE members SET peer_pin = (SELECT o.pin FROM members o WHERE o.gid = members.gid
                                 AND NOT (o.pin = members.pin AND o.app_id = members.app_id)),
                   peer_app = (SELECT o.app_id FROM members o WHERE o.gid = members.gid
                                 AND NOT (o.pin = members.pin AND o.app_id = members.app_id))
  WHERE gid IN (SELECT gid FROM groups WHERE kind = 'direct');
UPDATE members SET title = (SELECT m.sender_nick FROM messages m WHERE m.gid = members.gid
                              AND m.sender_pin = members.peer_pin AND m.sender_app = members.peer_app
                              ORDER BY m.mid DESC LIMIT 1)
  WHERE peer_pin IS NOT NULL;
UPDATE members SET title = (SELECT g.name FROM groups g WHERE g.gid = members.gid)
  WHERE gid IN (SELECT gid FROM groups WHERE kind = 'group');
UPDATE members SET title_key = lower(title); -- SQLite's lower() folds ASCII only, as the server does
CREATE INDEX members_by_activity ON members(pin, app_id, activity, gid);
CREATE INDEX members_by_title ON members(pin, app_id, title_key);
CREATE INDEX members_by_peer ON members(pin, app_id, peer_pin);
