package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzSignUpSignIn sends arbitrary bodies to sign-up and sign-in, and to
// the other JSON routes that take a body: no panic, never a server error,
// malformed JSON is a 400, and a refusal names a field or says why.
func FuzzSignUpSignIn(f *testing.F) {
	for _, seed := range []string{
		`{"email": "a@example.org", "password": "correct horse battery staple", "name": "A"}`,
		`{"email": "a@example.org", "password": "short"}`,
		`{"email": "not-an-email", "password": "correct horse battery staple"}`,
		`{"email": 7}`, `{"email": "a@example.org", "extra": true}`, `[]`, `{`, ``, `null`, `"x"`,
		`{"email": "a@example.org", "password": "correct horse battery staple"}{}`,
		`{"email": "\u0000@example.org", "password": "` + strings.Repeat("é", 200) + `"}`,
	} {
		f.Add(seed)
	}
	h := newTestServer(f)
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/api/v1/signup", "/api/v1/login", "/api/v1/checkins", "/api/v1/password-reset",
			"/api/v1/assessments/aaaaaaaaaaaaaaaaaaaaaaaaaa/outcomes", "/api/v1/assessments/aaaaaaaaaaaaaaaaaaaaaaaaaa/share",
			"/api/v1/setup"} {
			r := httptest.NewRequest("POST", path, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code >= 500 {
				t.Fatalf("%s %q = %d %s", path, body, w.Code, w.Body)
			}
			if !json.Valid([]byte(body)) && w.Code != http.StatusBadRequest && w.Code != http.StatusUnauthorized {
				t.Fatalf("%s with invalid JSON %q = %d; want 400", path, body, w.Code)
			}
			if w.Code == http.StatusUnprocessableEntity {
				var e struct {
					Problems []struct{ Field, Problem string } `json:"problems"`
				}
				if json.Unmarshal(w.Body.Bytes(), &e) != nil || len(e.Problems) == 0 || e.Problems[0].Field == "" {
					t.Fatalf("%s %q: 422 without a named field: %s", path, body, w.Body)
				}
			}
		}
	})
}
