-- The clinic and its patients talking (issue 14): the private thread
-- between a patient and their clinic's staff, visit requests and their
-- answers, education a therapist assigns from the chart, intakes (a
-- result shared with the clinic, to accept or decline), invitations and
-- requests to join a clinic (nobody joins until they accept), who left a
-- clinic, and the clinic's own protocol, versioned.
CREATE TABLE messages (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- the patient whose thread it is
	author_id TEXT NOT NULL,
	from_staff BOOLEAN NOT NULL,
	text TEXT NOT NULL,
	ref_kind TEXT NOT NULL DEFAULT '', -- result, program or article
	ref_id TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	read_at TIMESTAMPTZ -- when the other side first read it
);
CREATE INDEX messages_thread ON messages (clinic_id, user_id, created_at);
CREATE INDEX messages_unread ON messages (clinic_id, from_staff, user_id) WHERE read_at IS NULL;
CREATE INDEX messages_user ON messages (user_id);

CREATE TABLE visits (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	assessment_id TEXT NOT NULL DEFAULT '',
	status TEXT NOT NULL,
	times TEXT NOT NULL,
	note TEXT NOT NULL,
	at TIMESTAMPTZ,
	minutes BIGINT NOT NULL DEFAULT 0,
	reply TEXT NOT NULL DEFAULT '',
	answered_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	answered_at TIMESTAMPTZ
);
CREATE INDEX visits_clinic ON visits (clinic_id, status, created_at);
CREATE INDEX visits_user ON visits (user_id, status, at);

-- Articles a therapist assigns from the chart, in order (a sequence);
-- reading them is recorded once, in education_reads, with the program's.
CREATE TABLE education_assignments (
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	article_id TEXT NOT NULL,
	position BIGINT NOT NULL,
	assigned_by TEXT NOT NULL,
	assigned_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (clinic_id, user_id, article_id)
);
CREATE INDEX education_assignments_user ON education_assignments (user_id);

-- A result shared with a clinic is an intake until its staff accept or
-- decline it; the decline's message is the person's to read.
CREATE TABLE intakes (
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	assessment_id TEXT NOT NULL,
	status TEXT NOT NULL, -- pending, accepted, declined
	message TEXT NOT NULL DEFAULT '',
	decided_by TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMPTZ NOT NULL,
	decided_at TIMESTAMPTZ,
	PRIMARY KEY (clinic_id, user_id)
);
CREATE INDEX intakes_user ON intakes (user_id);

-- An invitation to join a clinic: to a new address, a link (only its hash
-- is kept); to an existing account, a request shown on its account page.
-- Nobody is a member until they accept.
CREATE TABLE clinic_invitations (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	email TEXT NOT NULL,
	role TEXT NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	invited_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL,
	expires_at TIMESTAMPTZ NOT NULL,
	accepted_at TIMESTAMPTZ,
	declined_at TIMESTAMPTZ
);
CREATE INDEX clinic_invitations_email ON clinic_invitations (email, accepted_at, declined_at);

-- Who left a clinic and when: the clinic keeps their signed session
-- notes (read under the audit) and nothing else.
CREATE TABLE clinic_departures (
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	left_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (clinic_id, user_id)
);

-- The clinic's own protocol: every upload a version, checked before it is
-- kept; one active at a time, activation recorded with who and when.
CREATE TABLE clinic_protocols (
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	version TEXT NOT NULL,
	body TEXT NOT NULL, -- the protocol's JSON as uploaded
	cases TEXT NOT NULL DEFAULT '', -- the clinic's own test cases, JSON
	uploaded_by TEXT NOT NULL,
	uploaded_at TIMESTAMPTZ NOT NULL,
	active BOOLEAN NOT NULL DEFAULT FALSE,
	activated_by TEXT NOT NULL DEFAULT '',
	activated_at TIMESTAMPTZ,
	PRIMARY KEY (clinic_id, version)
);
CREATE UNIQUE INDEX clinic_protocols_active ON clinic_protocols (clinic_id) WHERE active;
