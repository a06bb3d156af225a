package sqlstore

import "testing"

// The group's lock_timeout is set before any statement that may wait on
// another group's row lock, and only a plain read or a plain insert goes
// without it.
func TestMayLock(t *testing.T) {
	for q, want := range map[string]bool{
		`SELECT id FROM users WHERE id = $1`:                                       false,
		"\n\t\tSELECT a, b FROM checkins WHERE user_id = $1":                       false,
		`INSERT INTO assessments (id) VALUES ($1)`:                                 false,
		`INSERT INTO audit_log (at) VALUES ($1), ($2)`:                             false,
		`SELECT id FROM users WHERE id = $1 FOR UPDATE`:                            true,
		`select id from users where id = $1 for share`:                             true,
		`INSERT INTO checkins (a) VALUES ($1) ON CONFLICT (a) DO UPDATE SET a = 1`: true,
		`UPDATE memberships SET last_checkin = $2 WHERE user_id = $1`:              true,
		`DELETE FROM sessions WHERE id = $1`:                                       true,
		`WITH x AS (UPDATE t SET a = 1 RETURNING a) SELECT a FROM x`:               true,
		``: true,
	} {
		if got := mayLock(q); got != want {
			t.Errorf("mayLock(%q) = %v, want %v", q, got, want)
		}
	}
}
