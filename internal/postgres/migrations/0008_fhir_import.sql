-- FHIR import (issue 16): Patients and their Observations a clinic brings
-- in from another system. They are the clinic's records, not accounts:
-- nobody signs in as an imported patient. Each resource is written in a
-- transaction of its own, so a refused one leaves nothing behind; the
-- source's ids are kept so that importing the same file twice refuses
-- the repeats instead of doubling them.
CREATE TABLE imported_patients (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	source_id TEXT NOT NULL,
	name TEXT NOT NULL,
	birth_date TEXT NOT NULL,
	gender TEXT NOT NULL,
	resource TEXT NOT NULL, -- the FHIR Patient as imported
	imported_by TEXT NOT NULL,
	imported_at TIMESTAMPTZ NOT NULL,
	UNIQUE (clinic_id, source_id)
);

CREATE TABLE imported_observations (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	patient_id TEXT NOT NULL REFERENCES imported_patients (id) ON DELETE CASCADE,
	source_id TEXT NOT NULL,
	code_system TEXT NOT NULL,
	code TEXT NOT NULL,
	display TEXT NOT NULL,
	value DOUBLE PRECISION NOT NULL,
	unit TEXT NOT NULL,
	effective TEXT NOT NULL, -- the FHIR dateTime as given: its precision is the source's
	resource TEXT NOT NULL,
	imported_at TIMESTAMPTZ NOT NULL,
	UNIQUE (clinic_id, source_id)
);
CREATE INDEX imported_observations_patient ON imported_observations (patient_id, effective);
