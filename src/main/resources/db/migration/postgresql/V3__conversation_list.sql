-- The desk's conversation list; the same as SQLite's V6. title_key and peer_pin compare in code point
-- order (COLLATE "C") so that a prefix is one index range, as in SQLite.
ALTER TABLE members ADD COLUMN activity BIGINT NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN title TEXT;
ALTER TABLE members ADD COLUMN title_key TEXT COLLATE "C";
ALTER TABLE members ADD COLUMN peer_pin TEXT COLLATE "C";
ALTER TABLE members ADD COLUMN peer_app TEXT;
UPDATE members SET activity = COALESCE(
    (SELECT m.created_at FROM messages m JOIN groups g ON m.gid = g.gid AND m.mid = g.last_mid WHERE g.gid = members.gid),
    (SELECT g.created_at FROM groups g WHERE g.gid = members.gid));
UPDATE members SET peer_pin = o.pin, peer_app = o.app_id FROM members o, groups g
  WHERE g.gid = members.gid AND g.kind = 'direct' AND o.gid = members.gid
    AND NOT (o.pin = members.pin AND o.app_id = members.app_id);
UPDATE members SET title = (SELECT m.sender_nick FROM messages m WHERE m.gid = members.gid
                              AND m.sender_pin = members.peer_pin AND m.sender_app = members.peer_app
                              ORDER BY m.mid DESC LIMIT 1)
  WHERE peer_pin IS NOT NULL;
UPDATE members SET title = g.name FROM groups g WHERE g.gid = members.gid AND g.kind = 'group';
-- ASCII letters only, as the server folds them
UPDATE members SET title_key = translate(title, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
CREATE INDEX members_by_activity ON members(pin, app_id, activity, gid);
CREATE INDEX members_by_title ON members(pin, app_id, title_key);
CREATE INDEX members_by_peer ON members(pin, app_id, peer_pin);
