-- Outcome instruments: one row per completed questionnaire (pain rating,
-- PSFS, STarT Back, Oswestry) for the plan of one assessment. Rows go with
-- the person's account (ON DELETE CASCADE): health data does not outlive it.
-- answers is the JSON list of outcome.Answer as given; score, subscale and
-- band are what the instrument's scoring made of them when they were taken;
-- licence is the clinic's licence statement for licensed wording.
CREATE TABLE outcome_responses (
	id TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	assessment_id TEXT NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
	instrument_id TEXT NOT NULL,
	answers TEXT NOT NULL,
	score REAL NOT NULL,
	subscale INTEGER,
	band TEXT NOT NULL,
	licence TEXT NOT NULL,
	date TEXT NOT NULL, -- YYYY-MM-DD in the person's zone
	taken_at TIMESTAMP NOT NULL
);
-- One plan's history of one instrument, in order.
CREATE INDEX outcome_responses_assessment ON outcome_responses (assessment_id, instrument_id, taken_at);
CREATE INDEX outcome_responses_user ON outcome_responses (user_id);
