CREATE TABLE assessments (
	id TEXT PRIMARY KEY,
	created_at TIMESTAMPTZ NOT NULL,
	input JSONB NOT NULL,
	result JSONB NOT NULL,
	disposition TEXT NOT NULL,
	protocol_id TEXT NOT NULL,
	protocol_version TEXT NOT NULL,
	tz TEXT NOT NULL
);

CREATE TABLE audit_log (
	id BIGSERIAL PRIMARY KEY,
	at TIMESTAMPTZ NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	record TEXT NOT NULL,
	address TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record);
