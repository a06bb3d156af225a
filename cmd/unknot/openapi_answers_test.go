package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/pb33f/libopenapi"
	validator "github.com/pb33f/libopenapi-validator"
)

// answerBodies are request bodies that succeed, for the operations whose
// success needs one; the rest are called with {} (and answer a
// documented problem) or with none.
var answerBodies = map[string]string{
	"POST /api/v1/assessments":                                          `{"age": 38, "regions": ["lumbar_right"], "pain": {"now": 4, "worst_24h": 6}}`,
	"POST /api/v1/checkins":                                             `{"assessment_id": "{id}", "pain_now": 3, "pain_worst": 4, "stiffness": 3, "activity": 2}`,
	"POST /api/v1/assessments/{id}/outcomes":                            `{"instrument": "nprs", "answers": [{"linkId": "pain", "value": 3}]}`,
	"POST /api/v1/clinics/{clinic}/patients/{patient}/programs/preview": `{"exercises": [{"exercise_id": "cat_cow", "reps": 8, "times_a_day": 1, "days_a_week": 5}]}`,
	"POST /api/v1/clinics/{clinic}/patients/{patient}/programs":         `{"exercises": [{"exercise_id": "cat_cow", "reps": 8, "times_a_day": 1, "days_a_week": 5}]}`,
	"POST /api/v1/clinics/{clinic}/patients/{patient}/questionnaires":   `{"instrument": "nprs", "every_days": 7}`,
	"POST /api/v1/clinics/{clinic}/patients/{patient}/session-notes":    `{"template": "follow_up"}`,
	"POST /api/v1/clinics/{clinic}/program-templates":                   `{"name": "Answers", "program": {"exercises": [{"exercise_id": "cat_cow", "reps": 8, "times_a_day": 1, "days_a_week": 5}]}}`,
	"POST /api/v1/clinics/{clinic}/session-notes/{note}/addenda":        `{"text": "A correction."}`,
	"PUT /api/v1/clinics/{clinic}/settings":                             `{"checkin_gap_days": 4}`,
	"POST /api/v1/clinics/{clinic}/tokens":                              `{"name": "answers", "scope": "read"}`,
	"POST /api/v1/clinics/{clinic}/members":                             `{"email": "patient2@demo.example", "role": "patient"}`,
	"POST /api/v1/clinics/{clinic}/fhir/import":                         `{"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "Patient", "id": "p1", "name": [{"text": "Ann Example"}]}}]}`,
	"POST /api/v1/me/program/sessions":                                  `{}`,
	"POST /api/v1/login":                                                `{"email": "patient1@demo.example", "password": "` + demoTestPassword + `"}`,
	"POST /api/v1/login-link":                                           `{"email": "patient1@demo.example"}`,
	"POST /api/v1/password-reset":                                       `{"email": "patient1@demo.example"}`,
}

// lastOperations end sessions or the account: they run last, in order.
var lastOperations = []string{"POST /api/v1/logout/everywhere", "POST /api/v1/logout", "DELETE /api/v1/me"}

// TestEveryOperationAnswersAsDocumented calls every operation of the
// OpenAPI document on the demo clinic and validates each answer (status,
// media type, body) against the document with an outside validator
// (pb33f/libopenapi-validator); every error must be problem details.
func TestEveryOperationAnswersAsDocumented(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	spec, err := os.ReadFile("../../internal/web/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	doc, err := libopenapi.NewDocument(spec)
	if err != nil {
		t.Fatal(err)
	}
	v, errs := validator.NewValidator(doc)
	if len(errs) > 0 {
		t.Fatalf("the validator cannot read the document: %v", errs)
	}
	w, actors, ids, clinic := demoWorld(t, Config{}, "admin", "therapist", "patient1")
	params := answerParams(t, w, actors, ids, clinic)

	var ops []string
	var paths map[string]map[string]json.RawMessage
	var whole struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	json.Unmarshal(spec, &whole)
	paths = whole.Paths
	for p, item := range paths {
		for m := range item {
			if m == "get" || m == "post" || m == "put" || m == "delete" {
				ops = append(ops, strings.ToUpper(m)+" "+p)
			}
		}
	}
	sort.Strings(ops)
	last := map[string]bool{}
	for _, op := range lastOperations {
		last[op] = true
	}
	var order []string
	for _, op := range ops {
		if !last[op] {
			order = append(order, op)
		}
	}
	order = append(order, lastOperations...)
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	byStatus := map[int]int{}
	for _, op := range order {
		method, tmpl, _ := strings.Cut(op, " ")
		path := placeholder.ReplaceAllStringFunc(tmpl, func(p string) string { return params[p] })
		a := actorFor(actors, tmpl)
		var body []byte
		if b, ok := answerBodies[op]; ok {
			body = []byte(placeholder.ReplaceAllStringFunc(b, func(p string) string { return params[p] }))
		} else if method == "POST" || method == "PUT" {
			body = []byte(`{}`)
		}
		if op == "DELETE /api/v1/me" {
			a.cookie = w.login2(t, "patient1@demo.example")
		}
		req, _ := http.NewRequest(method, w.url+path, bytes.NewReader(body))
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		} else {
			req.Body = nil
		}
		if a.cookie != "" {
			req.AddCookie(&http.Cookie{Name: "unknot_session", Value: a.cookie})
		}
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", op, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		byStatus[resp.StatusCode]++
		if resp.StatusCode >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") && strings.HasPrefix(path, "/api/") {
			t.Errorf("%s = %d as %s, not problem details: %s", op, resp.StatusCode, resp.Header.Get("Content-Type"), raw)
		}
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		vreq, _ := http.NewRequest(method, "http://unknot.test"+path, nil)
		if ok, verrs := v.ValidateHttpResponse(vreq, resp); !ok {
			for _, e := range verrs {
				t.Errorf("%s = %d: %s (%s)", op, resp.StatusCode, e.Message, e.Reason)
				for _, se := range e.SchemaValidationErrors {
					t.Errorf("    %s: %s", se.FieldPath, se.Reason)
				}
			}
		}
	}
	t.Logf("%d operations called and validated; answers by status: %v", len(order), byStatus)
}

// actorFor picks who calls an operation: the clinic's admin for clinic
// routes, the patient for their own, nobody for accounts being made.
func actorFor(actors map[string]matrixActor, tmpl string) matrixActor {
	switch {
	case strings.Contains(tmpl, "/session-notes/{note}/sign"):
		return actors["therapist"] // the note's author
	case strings.HasPrefix(tmpl, "/api/v1/clinics/{clinic}") || tmpl == "/api/v1/clinics":
		return actors["admin"]
	case strings.HasPrefix(tmpl, "/api/v1/setup"), strings.HasPrefix(tmpl, "/api/v1/signup"), strings.HasPrefix(tmpl, "/api/v1/login"),
		strings.HasPrefix(tmpl, "/api/v1/password-reset"):
		return matrixActor{}
	}
	return actors["patient1"]
}

// answerParams finds a real record for each path parameter in the demo.
func answerParams(t *testing.T, w *world, actors map[string]matrixActor, ids map[string]string, clinic string) map[string]string {
	p := map[string]string{"{clinic}": clinic, "{patient}": ids["patient1"], "{dataset}": "checkins", "{token}": "not-a-real-token",
		"{article}": "ice-and-heat"}
	var exp struct {
		Assessments []struct{ ID string } `json:"assessments"`
	}
	json.Unmarshal(w.must(actors["patient1"], "GET", "/api/v1/me/export", nil, 200), &exp)
	if len(exp.Assessments) == 0 {
		t.Fatal("the demo patient has no assessment")
	}
	p["{id}"] = exp.Assessments[len(exp.Assessments)-1].ID
	var notes []struct {
		ID       string `json:"id"`
		SignedAt string `json:"signed_at"`
	}
	raw := w.must(actors["therapist"], "POST", "/api/v1/clinics/"+clinic+"/patients/"+ids["patient1"]+"/session-notes", map[string]any{"template": "follow_up"}, 201)
	var n struct{ ID string }
	json.Unmarshal(raw, &n)
	p["{note}"] = n.ID
	_ = notes
	var flags struct {
		Flags []struct{ ID string } `json:"flags"`
	}
	json.Unmarshal(w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/flags", nil, 200), &flags)
	var visits struct {
		Visits []struct{ ID string } `json:"visits"`
	}
	json.Unmarshal(w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/visits", nil, 200), &visits)
	p["{invitation}"] = "no-such-invitation"
	p["{version}"] = "no-such-version"
	p["{visit}"] = "no-such-visit"
	if len(visits.Visits) > 0 {
		p["{visit}"] = visits.Visits[0].ID
	}
	p["{flag}"] = "no-such-flag"
	if len(flags.Flags) > 0 {
		p["{flag}"] = flags.Flags[0].ID
	}
	return p
}

// login2 signs an account in again, for an operation that needs a session
// of its own after others ended theirs.
func (w *world) login2(t *testing.T, email string) string {
	resp, b := w.do(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": email, "password": demoTestPassword})
	if resp.StatusCode != 200 {
		t.Fatalf("login %s: %d %s", email, resp.StatusCode, b)
	}
	return sessionOf(resp)
}
