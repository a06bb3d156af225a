package web

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func doJSON(h http.Handler, method, target, body string, header ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// TestPrivateAnswersNotCached reproduces finding 4: API answers that carry
// a person's data were sent without Cache-Control.
func TestPrivateAnswersNotCached(t *testing.T) {
	h := newTestServer(t)
	w := doJSON(h, "POST", "/api/v1/assessments", `{"age": 30, "regions": ["lumbar_left"]}`)
	if w.Code != 201 {
		t.Fatalf("assess = %d %s", w.Code, w.Body)
	}
	var res struct{ ID string }
	json.Unmarshal(w.Body.Bytes(), &res)
	for _, path := range []string{"/api/v1/assessments/" + res.ID, "/api/v1/assessments/" + res.ID + "/plan", "/api/v1/me",
		"/api/v1/clinics/abc", "/api/v1/clinics/abc/caseload"} {
		w := do(h, "GET", path, nil)
		if cc := w.Header().Get("Cache-Control"); cc != "private, no-store" {
			t.Errorf("%s (%d): Cache-Control %q", path, w.Code, cc)
		}
		if v := strings.Join(w.Header().Values("Vary"), ", "); !strings.Contains(v, "Cookie") || !strings.Contains(v, "Authorization") {
			t.Errorf("%s: Vary %q", path, v)
		}
	}
}

// TestEdgeRefusals covers finding 10: any Content-Type and a false
// Content-Encoding were taken, unsupported methods got 404, and duplicate
// keys were accepted on routes other than the contract's.
func TestEdgeRefusals(t *testing.T) {
	h := newTestServer(t)
	body := `{"email": "a@example.org", "password": "correct horse battery staple"}`
	for _, tc := range []struct {
		name        string
		ctype, cenc string
		want        int
	}{
		{"text/plain", "text/plain", "", 415},
		{"form", "application/x-www-form-urlencoded", "", 415},
		{"no type", "", "", 415},
		{"false gzip", "application/json", "gzip", 415},
		{"json with charset", "application/json; charset=utf-8", "", 401},
	} {
		r := httptest.NewRequest("POST", "/api/v1/login", strings.NewReader(body))
		if tc.ctype != "" {
			r.Header.Set("Content-Type", tc.ctype)
		}
		if tc.cenc != "" {
			r.Header.Set("Content-Encoding", tc.cenc)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != tc.want {
			t.Errorf("%s: %d %s; want %d", tc.name, w.Code, w.Body, tc.want)
		}
	}

	w := do(h, "PUT", "/api/v1/assessments", nil)
	if w.Code != 405 || w.Header().Get("Allow") != "POST" {
		t.Errorf("PUT /api/v1/assessments = %d, Allow %q; want 405 with Allow: POST", w.Code, w.Header().Get("Allow"))
	}
	w = do(h, "DELETE", "/api/v1/assessments/abc", nil)
	if w.Code != 405 || !strings.Contains(w.Header().Get("Allow"), "GET") {
		t.Errorf("DELETE /api/v1/assessments/abc = %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	w = do(h, "DELETE", "/login", nil)
	if w.Code != 405 || !strings.Contains(w.Header().Get("Allow"), "POST") {
		t.Errorf("DELETE /login = %d, Allow %q", w.Code, w.Header().Get("Allow"))
	}
	if w := do(h, "GET", "/api/v1/nothing", nil); w.Code != 404 {
		t.Errorf("unknown route = %d", w.Code)
	}

	w = doJSON(h, "POST", "/api/v1/login", `{"email": "a@example.org", "email": "b@example.org", "password": "x"}`)
	if w.Code != 422 || !strings.Contains(w.Body.String(), `"field":"email"`) {
		t.Errorf("duplicate key = %d %s", w.Code, w.Body)
	}
}

// TestTextRefusedAtTheEdge is finding 3 at the HTTP layer: NUL bytes and
// bad UTF-8 in any free text are refused as the person's mistake (4xx) on
// every engine, before a store sees them.
func TestTextRefusedAtTheEdge(t *testing.T) {
	h := newTestServer(t)
	for _, body := range []string{
		`{"email": "a\u0000@example.org", "password": "correct horse battery staple"}`,
		"{\"email\": \"a\xff@example.org\", \"password\": \"correct horse battery staple\"}",
		`{"email": "a@example.org", "password": "` + strings.Repeat("x", 5000) + `"}`,
	} {
		if w := doJSON(h, "POST", "/api/v1/login", body); w.Code != 400 && w.Code != 422 {
			t.Errorf("login %q = %d %s", body[:30], w.Code, w.Body)
		}
	}
	for _, v := range []url.Values{
		{"email": {"a@example.org"}, "name": {"A\x00"}, "password": {"correct horse battery staple"}},
		{"email": {"a@example.org"}, "name": {"A\xc3"}, "password": {"correct horse battery staple"}},
	} {
		if w := do(h, "POST", "/signup", v); w.Code != 422 && w.Code != 400 {
			t.Errorf("signup form %q = %d", v.Get("name"), w.Code)
		}
	}
	for _, path := range []string{"/api/v1/clinics/abc/audit?actor=%00", "/api/v1/clinics/abc/audit?action=%ff", "/api/v1/assessments/a%00b"} {
		if w := do(h, "GET", path, nil); w.Code != 400 && w.Code != 422 {
			t.Errorf("%s = %d", path, w.Code)
		}
	}
}

// TestAmplificationRefused reproduces findings 1 and 2 over HTTP: 68,000
// copies of one region were stored, and 520,000 wrong symptoms answered
// 29 MB of problems.
func TestAmplificationRefused(t *testing.T) {
	h := newTestServer(t)
	w := doJSON(h, "POST", "/api/v1/assessments", `{"age": 30, "regions": [`+strings.Repeat(`"lumbar_left",`, 68000)+`"lumbar_left"]}`)
	if w.Code != 422 {
		t.Errorf("68,000 regions = %d; want 422", w.Code)
	}
	body := `{"age": 30, "regions": ["lumbar_left"], "symptoms": [` + strings.Repeat(`1,`, 520000) + `1]}`
	w = doJSON(h, "POST", "/api/v1/assessments", body)
	var e struct {
		Problems []struct{ Field, Problem string } `json:"problems"`
		Total    int                               `json:"problems_total"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || w.Code != 422 {
		t.Fatalf("520,000 symptoms = %d %v", w.Code, err)
	}
	t.Logf("%d bytes sent, %d answered, %d problems listed", len(body), w.Body.Len(), len(e.Problems))
	if len(e.Problems) > 20 || w.Body.Len() > 4096 {
		t.Errorf("answer of %d bytes, %d problems; want at most 20", w.Body.Len(), len(e.Problems))
	}
	var keys strings.Builder
	for i := range 30000 {
		keys.WriteString(`"k` + strconv.Itoa(i) + `": 1, `)
	}
	w = doJSON(h, "POST", "/api/v1/assessments", `{`+keys.String()+`"age": 30, "regions": ["lumbar_left"]}`)
	json.Unmarshal(w.Body.Bytes(), &e)
	if w.Code != 422 || len(e.Problems) != 20 || e.Total < 30000 {
		t.Errorf("30,000 unknown fields = %d, %d problems listed, total %d; want 20 and the count", w.Code, len(e.Problems), e.Total)
	}
}
