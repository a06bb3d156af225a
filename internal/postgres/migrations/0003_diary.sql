-- The symptom diary: one check-in per person per day, the plan (assessment)
-- it belongs to, and the flags the clinic is told about. Rows go with the
-- person's account (ON DELETE CASCADE): health data does not outlive it.
CREATE TABLE checkins (
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	date TEXT NOT NULL, -- YYYY-MM-DD in the person's zone
	assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	pain_now SMALLINT NOT NULL,
	pain_worst SMALLINT NOT NULL,
	stiffness SMALLINT NOT NULL,
	activity SMALLINT NOT NULL,
	sleep_disturbed BOOLEAN NOT NULL,
	done TEXT NOT NULL,      -- JSON list of plan item kinds or exercise ids
	red_flags TEXT NOT NULL, -- JSON list of contract words
	backfilled BOOLEAN NOT NULL,
	recorded_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	PRIMARY KEY (user_id, date)
);
-- One plan's diary in date order: its trend, its baseline and its latest days.
CREATE INDEX checkins_assessment_date ON checkins (assessment_id, date, pain_now);

-- One row per plan with a diary, kept on write, so that "who is getting
-- worse" reads one row per plan: no JSON, no window functions and no scan
-- of the check-ins. base_sum/base_n is the baseline (the assessment's pain
-- now over 1, or the first 3 entries' pain now); base_end is the date of
-- the last entry the baseline was taken from (NULL when from the
-- assessment); last_date is the plan's latest entry. recentN_date and
-- recentN_pain are its 7 latest entries (NULL when it has fewer): a 7-day
-- window ending today holds at most 7 entries, all dated on or before
-- today, so they are among these.
CREATE TABLE diary_baselines (
	assessment_id TEXT PRIMARY KEY REFERENCES assessments (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	start_date TEXT NOT NULL,
	tz TEXT NOT NULL,
	pain INTEGER,
	base_sum INTEGER NOT NULL,
	base_n INTEGER NOT NULL,
	base_end TEXT,
	last_date TEXT,
	recent1_date TEXT,
	recent1_pain INTEGER,
	recent2_date TEXT,
	recent2_pain INTEGER,
	recent3_date TEXT,
	recent3_pain INTEGER,
	recent4_date TEXT,
	recent4_pain INTEGER,
	recent5_date TEXT,
	recent5_pain INTEGER,
	recent6_date TEXT,
	recent6_pain INTEGER,
	recent7_date TEXT,
	recent7_pain INTEGER
);
CREATE INDEX diary_baselines_user ON diary_baselines (user_id);

CREATE TABLE clinic_flags (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	reason TEXT NOT NULL,
	text TEXT NOT NULL,
	at TIMESTAMPTZ NOT NULL,
	flag_key TEXT NOT NULL,
	resolved_at TIMESTAMPTZ,
	UNIQUE (clinic_id, assessment_id, flag_key)
);
CREATE INDEX clinic_flags_clinic ON clinic_flags (clinic_id, at);
CREATE INDEX clinic_flags_user ON clinic_flags (user_id);
