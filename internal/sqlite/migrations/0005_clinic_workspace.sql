-- The therapist's workspace: programs (every change a new version, the
-- newest current), the clinic's program templates, the patient's logged
-- program sessions (adherence), session notes (immutable once signed) with
-- their addenda, questionnaires assigned from the chart, the clinic's
-- "no check-in for N days", and the patient's therapist ("mine").
-- Patient rows go with the patient's account (ON DELETE CASCADE).
CREATE TABLE programs (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	current BOOLEAN NOT NULL,
	starts_on TEXT NOT NULL,
	days_a_week INTEGER NOT NULL,
	reassess_on TEXT,
	body TEXT NOT NULL, -- JSON of program.Program
	created_by TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	UNIQUE (clinic_id, user_id, version)
);
-- The caseload reads each patient's current program from this index alone.
CREATE INDEX programs_current ON programs (clinic_id, user_id, id, version, starts_on, days_a_week, reassess_on) WHERE current;
CREATE INDEX programs_user ON programs (user_id, current);

CREATE TABLE program_templates (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	body TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);
CREATE INDEX program_templates_clinic ON program_templates (clinic_id, name);

CREATE TABLE program_sessions (
	program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	date TEXT NOT NULL, -- YYYY-MM-DD in the patient's zone
	done TEXT NOT NULL, -- JSON list of exercise ids
	recorded_at TIMESTAMP NOT NULL,
	PRIMARY KEY (program_id, date)
);
CREATE INDEX program_sessions_clinic ON program_sessions (clinic_id, date);
CREATE INDEX program_sessions_user ON program_sessions (user_id);

CREATE TABLE session_notes (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL,
	date TEXT NOT NULL,
	duration_minutes INTEGER NOT NULL,
	body TEXT NOT NULL, -- JSON of notes.Body
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	signed_at TIMESTAMP,
	signed_by TEXT
);
CREATE INDEX session_notes_patient ON session_notes (clinic_id, user_id, signed_at);
CREATE INDEX session_notes_user ON session_notes (user_id);

-- A signed note never changes: the database refuses it too, whatever the
-- code above asks (deleting the patient's account still removes it).
CREATE TRIGGER session_notes_signed_immutable BEFORE UPDATE ON session_notes
WHEN OLD.signed_at IS NOT NULL
BEGIN
	SELECT RAISE(ABORT, 'unknot: a signed session note cannot be changed');
END;

CREATE TABLE session_note_addenda (
	id TEXT PRIMARY KEY,
	note_id TEXT NOT NULL REFERENCES session_notes (id) ON DELETE CASCADE,
	author_id TEXT NOT NULL,
	text TEXT NOT NULL,
	at TIMESTAMP NOT NULL
);
CREATE INDEX session_note_addenda_note ON session_note_addenda (note_id, at);

-- Education a program assigns that the patient has read: the first time
-- they said so.
CREATE TABLE education_reads (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	article_id TEXT NOT NULL,
	read_at TIMESTAMP NOT NULL,
	PRIMARY KEY (user_id, article_id)
);

CREATE TABLE questionnaire_assignments (
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	instrument_id TEXT NOT NULL,
	every_days INTEGER NOT NULL,
	starts_on TEXT NOT NULL,
	-- last_taken is the patient's latest answer's date, kept by the store
	-- when one is stored: the caseload reads it here.
	last_taken TEXT,
	assigned_by TEXT NOT NULL,
	assigned_at TIMESTAMP NOT NULL,
	PRIMARY KEY (clinic_id, user_id, instrument_id)
);
CREATE INDEX questionnaire_assignments_user ON questionnaire_assignments (user_id);
-- A patient's latest answer to an instrument, for "questionnaire due".
CREATE INDEX outcome_responses_user_instrument ON outcome_responses (user_id, instrument_id, date);

-- The caseload's reads of a patient's last check-in and of the clinic's
-- patients, each from an index alone.
CREATE INDEX diary_baselines_user_last ON diary_baselines (user_id, last_date);

ALTER TABLE clinics ADD COLUMN checkin_gap_days INTEGER NOT NULL DEFAULT 3;
ALTER TABLE memberships ADD COLUMN therapist_id TEXT;

-- The caseload reads one row per patient: what it needs of each patient
-- is kept on their membership by the store, in the transaction of the
-- write it comes from (as diary_baselines is for "getting worse"): the
-- last check-in (PutCheckin), whether the clinic has signed a note for
-- them (SignSessionNote), the current program (PutProgramVersion) and its
-- latest logged days, newest first, comma-separated, at most 8
-- (PutProgramSession). storetest checks them against the records.
ALTER TABLE memberships ADD COLUMN last_checkin TEXT;
ALTER TABLE memberships ADD COLUMN signed_note BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE memberships ADD COLUMN program_id TEXT;
ALTER TABLE memberships ADD COLUMN program_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN program_starts_on TEXT;
ALTER TABLE memberships ADD COLUMN program_days_a_week INTEGER NOT NULL DEFAULT 0;
ALTER TABLE memberships ADD COLUMN program_reassess_on TEXT;
ALTER TABLE memberships ADD COLUMN program_logged TEXT NOT NULL DEFAULT '';
UPDATE memberships SET last_checkin = (SELECT MAX(b.last_date) FROM diary_baselines b WHERE b.user_id = memberships.user_id);
