-- The display name each user's token last carried (the signed "name" claim): memberships made after it
-- (invitations, one-to-one chats) start with it, so member lists show names, not pins.
CREATE TABLE user_names (
  pin TEXT NOT NULL, app_id TEXT NOT NULL, name TEXT NOT NULL,
  PRIMARY KEY (pin, app_id)
);
