CREATE TABLE assessments (
	id TEXT PRIMARY KEY,
	created_at TIMESTAMP NOT NULL,
	input TEXT NOT NULL,
	result TEXT NOT NULL,
	disposition TEXT NOT NULL,
	protocol_id TEXT NOT NULL,
	protocol_version TEXT NOT NULL,
	tz TEXT NOT NULL
);

CREATE TABLE audit_log (
	id INTEGER PRIMARY KEY AUTOINCREMENT,
	at TIMESTAMP NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	record TEXT NOT NULL,
	address TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (record);
