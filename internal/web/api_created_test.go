package web

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"
)

// The answer to POST /api/v1/assessments is written from the result as
// stored, not encoded again: it is what encoding it would give (no HTML
// escaping, a final newline, its length), and what GET gives back.
func TestCreatedAnswerIsTheStoredResult(t *testing.T) {
	h := newTestServer(t)
	w := doJSON(h, "POST", "/api/v1/assessments", `{"age": 30, "regions": ["lumbar_left"]}`)
	if w.Code != 201 {
		t.Fatalf("assess = %d %s", w.Code, w.Body)
	}
	body := w.Body.Bytes()
	if ct := w.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if cl := w.Header().Get("Content-Length"); cl != strconv.Itoa(len(body)) {
		t.Errorf("Content-Length %s for %d bytes", cl, len(body))
	}
	if !bytes.HasSuffix(body, []byte("}\n")) || bytes.Contains(body, []byte(`\u0026`)) {
		t.Errorf("answer not as the API encodes JSON (a final newline, & unescaped): %.200s", body)
	}
	if !bytes.Contains(body, []byte("&")) {
		t.Log("no & in this answer's texts: the escaping check above proved nothing")
	}
	var posted map[string]any
	if err := json.Unmarshal(body, &posted); err != nil {
		t.Fatal(err)
	}
	g := do(h, "GET", "/api/v1/assessments/"+posted["id"].(string), nil)
	var got map[string]any
	if err := json.Unmarshal(g.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(posted)
	b, _ := json.Marshal(got)
	if !bytes.Equal(a, b) {
		t.Errorf("POST answered\n%s\nGET answers\n%s", a, b)
	}
}
