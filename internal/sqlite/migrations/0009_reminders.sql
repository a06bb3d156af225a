-- Issue 15: reminders, their in-app list, the private calendar feed and
-- the e-mail unsubscribe links. River's own tables (river_job and the
-- rest) come from River's migrator, run beside these (internal/jobs).

-- A person's reminder settings (reminder.Settings as JSON); a person
-- without a row gets their clinic's defaults, or the built-in ones.
CREATE TABLE reminder_settings (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	settings TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- A clinic's defaults for its patients.
CREATE TABLE clinic_reminder_defaults (
	clinic_id TEXT PRIMARY KEY REFERENCES clinics (id) ON DELETE CASCADE,
	settings TEXT NOT NULL,
	updated_at TIMESTAMP NOT NULL
);

-- The in-app list. One row per occurrence of a reminder: the unique key
-- is what makes a reminder delivered once, whichever process runs its
-- job and however often.
CREATE TABLE notifications (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	occurrence TEXT NOT NULL,
	kind TEXT NOT NULL,
	title TEXT NOT NULL,
	body TEXT NOT NULL,
	path TEXT NOT NULL,
	due_at TIMESTAMP NOT NULL,
	created_at TIMESTAMP NOT NULL,
	read_at TIMESTAMP,
	UNIQUE (user_id, occurrence)
);
CREATE INDEX notifications_user ON notifications (user_id, due_at);

-- The private calendar feed: its token is the whole of its URL's secret;
-- revoking deletes the row.
CREATE TABLE calendar_feeds (
	user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
	token TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL
);

-- The secret of a person's one-click unsubscribe links.
CREATE TABLE unsubscribe_tokens (
	token TEXT PRIMARY KEY,
	user_id TEXT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE
);
