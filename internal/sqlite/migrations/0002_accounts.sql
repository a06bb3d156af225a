CREATE TABLE users (
	id TEXT PRIMARY KEY,
	email TEXT NOT NULL UNIQUE,
	name TEXT NOT NULL,
	password_hash TEXT NOT NULL,
	operator BOOLEAN NOT NULL DEFAULT FALSE,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE clinics (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	invite_code TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	role TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	PRIMARY KEY (clinic_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE sessions (
	id_hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
	id TEXT PRIMARY KEY,
	clinic_id TEXT NOT NULL REFERENCES clinics (id) ON DELETE CASCADE,
	created_by TEXT NOT NULL,
	name TEXT NOT NULL,
	scope TEXT NOT NULL,
	secret_hash TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP,
	revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_clinic ON api_tokens (clinic_id);

CREATE TABLE one_time_tokens (
	hash TEXT PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	purpose TEXT NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at TIMESTAMP
);

CREATE TABLE sign_in_failures (
	key TEXT PRIMARY KEY,
	failures BIGINT NOT NULL,
	locked_until TIMESTAMP NOT NULL
);

ALTER TABLE assessments ADD COLUMN owner_id TEXT REFERENCES users (id) ON DELETE CASCADE;
ALTER TABLE assessments ADD COLUMN clinic_id TEXT REFERENCES clinics (id) ON DELETE SET NULL;
CREATE INDEX assessments_owner ON assessments (owner_id);
CREATE INDEX assessments_clinic ON assessments (clinic_id);

ALTER TABLE audit_log ADD COLUMN clinic_id TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN subject TEXT NOT NULL DEFAULT '';
CREATE INDEX audit_log_clinic ON audit_log (clinic_id, id);
