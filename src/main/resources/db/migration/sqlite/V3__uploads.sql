-- uploaded images (docs/PROTOCOL.md "Images"); the files live under <dataDir>/files
CREATE TABLE uploads (
  name TEXT PRIMARY KEY,
  owner_pin TEXT NOT NULL, owner_app TEXT NOT NULL,
  mime TEXT NOT NULL, size INTEGER NOT NULL,
  width INTEGER NOT NULL, height INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  created_at INTEGER NOT NULL);
CREATE INDEX uploads_by_owner ON uploads(owner_pin, owner_app, created_at);
