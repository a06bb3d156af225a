-- Issue 17. Numbered 0006: 0005 is another change's; the runner applies
-- every migration a database lacks, whatever the gaps.

-- Anonymous results nobody kept are deleted after the retention period;
-- this index finds them without reading the kept ones.
CREATE INDEX assessments_unclaimed ON assessments (created_at) WHERE owner_id IS NULL AND clinic_id IS NULL;

-- A sign-up is confirmed by the link it mails: until then the account
-- cannot sign in with its password, so signing up cannot tell whether an
-- address had an account. Accounts made before this are confirmed.
ALTER TABLE users ADD COLUMN unconfirmed BOOLEAN NOT NULL DEFAULT FALSE;

-- Browsers that have signed in to an account (OWASP's device cookies): a
-- correct password from one is not refused while others guess.
CREATE TABLE known_devices (
	hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX known_devices_user ON known_devices (user_id);
