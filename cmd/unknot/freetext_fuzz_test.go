package main

import (
	"net/url"
	"strings"
	"testing"

	"unknot/internal/postgres/pgtest"
)

// FuzzFreeTextPostgres reproduces finding 3: PostgreSQL answered 500 to
// NUL bytes and bad UTF-8 in free text (SQLSTATE 22021) where SQLite took
// them. Every free-text field a person or an integration can send, in
// JSON, forms, queries and paths, gets the fuzzer's text; no answer may be
// a server error. Without -fuzz, the seeds run as a test.
func FuzzFreeTextPostgres(f *testing.F) { fuzzFreeText(f, Config{DatabaseURL: pgtest.URL(f)}) }

// FuzzFreeTextSQLite is the same on SQLite: both engines answer alike.
func FuzzFreeTextSQLite(f *testing.F) { fuzzFreeText(f, Config{}) }

func fuzzFreeText(f *testing.F, cfg Config) {
	for _, seed := range []string{"plain", "a\x00b", "\x00", "\xff\xfe", "caf\xc3", "\xed\xa0\x80", "é", strings.Repeat("x", 5000),
		"%00", "'; DROP TABLE users; --", "\u2028", ""} {
		f.Add(seed)
	}
	m := startMain(f, cfg)
	w := buildWorld(f, m)
	f.Fuzz(func(t *testing.T, s string) {
		w.t = t
		admin, clinic := w.actors["admin1"], w.clinics["C1"]
		q := url.QueryEscape(s)
		p := url.PathEscape(s)
		for _, c := range []struct {
			a            matrixActor
			method, path string
			body         any
		}{
			{matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": s, "password": s}},
			{matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": "loner@example.org", "password": s}},
			{matrixActor{}, "POST", "/api/v1/signup", map[string]string{"email": s + "@example.org", "name": s, "password": strongPassword}},
			{matrixActor{}, "POST", "/api/v1/signup", map[string]string{"email": "x@example.org", "name": "n", "password": strongPassword, "invite_code": s}},
			{matrixActor{}, "POST", "/signup", url.Values{"email": {"y@example.org"}, "name": {s}, "password": {strongPassword}}},
			{matrixActor{}, "POST", "/login", url.Values{"email": {s}, "password": {s}}},
			{matrixActor{}, "POST", "/api/v1/password-reset", map[string]string{"email": s}},
			{matrixActor{}, "POST", "/api/v1/login-link", map[string]string{"email": s}},
			{matrixActor{}, "POST", "/api/v1/password-reset/" + p, map[string]string{"password": s}},
			{matrixActor{}, "POST", "/api/v1/login-link/" + p, nil},
			{admin, "POST", "/api/v1/clinics/" + clinic + "/tokens", map[string]string{"name": s, "scope": "read"}},
			{admin, "DELETE", "/api/v1/clinics/" + clinic + "/tokens/" + p, nil},
			{admin, "POST", "/api/v1/clinics/" + clinic + "/members", map[string]string{"email": s, "role": "patient"}},
			{admin, "GET", "/api/v1/clinics/" + clinic + "/audit?actor=" + q + "&record=" + q + "&action=" + q, nil},
			{admin, "GET", "/api/v1/clinics/" + p, nil},
			{w.actors["operator"], "POST", "/api/v1/clinics", map[string]string{"name": s, "admin_email": "n@example.org", "admin_password": strongPassword, "admin_name": s}},
			{matrixActor{}, "POST", "/api/v1/setup", map[string]string{"email": "s@example.org", "password": strongPassword, "clinic_name": s, "name": s}},
			{w.actors["patientA"], "POST", "/api/v1/assessments/" + w.records["A1"] + "/share", map[string]string{"invite_code": s}},
			{matrixActor{}, "GET", "/api/v1/assessments/" + p, nil},
			{w.actors["patientA"], "POST", "/api/v1/checkins", map[string]any{"assessment_id": s, "pain_now": 3, "pain_worst": 4, "stiffness": 2, "activity": 2}},
			{matrixActor{bearer: "unk_" + s + "_" + s}, "GET", "/api/v1/me", nil},
			{matrixActor{cookie: s}, "GET", "/api/v1/me", nil},
			{matrixActor{}, "GET", "/api/v1/exercises?q=" + q, nil},
			{admin, "POST", "/clinic/" + clinic + "/tokens", url.Values{"name": {s}, "scope": {"read"}}},
			{admin, "POST", "/clinic/" + clinic + "/members", url.Values{"email": {s}, "role": {"patient"}}},
		} {
			if !validCookie(c.a.cookie) || strings.ContainsAny(c.a.bearer, "\x00\r\n") {
				continue // no client can send it
			}
			resp, b := w.do(c.a, c.method, c.path, c.body)
			if resp.StatusCode >= 500 {
				t.Errorf("%s %s with %q = %d %s", c.method, c.path, s, resp.StatusCode, b)
			}
		}
	})
}

// validCookie reports whether Go's client would send v as a cookie value.
func validCookie(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x21 || c > 0x7e || c == ',' || c == '\\' {
			return false
		}
	}
	return true
}
