package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"unknot/internal/diary"
	"unknot/internal/postgres/pgtest"
)

// world is a deployment with two clinics and their people, built through
// the API itself.
type world struct {
	t       testing.TB
	url     string
	actors  map[string]matrixActor
	records map[string]string // name → assessment id
	clinics map[string]string // name → clinic id
	invites map[string]string // clinic name → invite code
	tokenID string            // a C1 token that the revoke route may revoke
	flags   map[string]string // clinic name → an open flag's id
	asset   string            // a hashed static asset's file name
	seq     int
	userIDs map[string]string // account name → user id
	notes   map[string]string // "clinic/kind" → a session note's id
	authors map[string]string // clinic name → the author of its notes
	visits  map[string]string // clinic name → a visit request to it (authz_matrix_talk_test.go)
	joins   map[string]string // invitations and links for the joining routes (authz_matrix_talk_test.go)
}

// matrixActor is one way of asking: a session cookie, a bearer token, or
// nothing.
type matrixActor struct {
	cookie, bearer string
	// what the policy should grant
	user     string // account name ("" for anonymous and tokens)
	clinic   string // the clinic a token belongs to
	write    bool   // a write-scoped token
	revoked  bool
	operator bool
	roles    map[string]string // clinic name → role
}

const strongPassword = "correct horse battery staple"

func (w *world) do(a matrixActor, method, path string, body any) (*http.Response, []byte) {
	w.t.Helper()
	var rd io.Reader
	if body != nil {
		switch b := body.(type) {
		case url.Values:
			rd = strings.NewReader(b.Encode())
		default:
			j, _ := json.Marshal(b)
			rd = bytes.NewReader(j)
		}
	}
	req, _ := http.NewRequest(method, w.url+path, rd)
	if _, form := body.(url.Values); form {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if a.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "unknot_session", Value: a.cookie})
	}
	if a.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+a.bearer)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (w *world) must(a matrixActor, method, path string, body any, want int) []byte {
	w.t.Helper()
	resp, b := w.do(a, method, path, body)
	if resp.StatusCode != want {
		w.t.Fatalf("%s %s = %d %s; want %d", method, path, resp.StatusCode, b, want)
	}
	return b
}

func sessionOf(resp *http.Response) string {
	for _, c := range resp.Cookies() {
		if c.Name == "unknot_session" {
			return c.Value
		}
	}
	return ""
}

func (w *world) signUp(name, inviteClinic string) matrixActor {
	w.t.Helper()
	resp, b := w.do(matrixActor{}, "POST", "/api/v1/signup", map[string]string{
		"email": name + "@example.org", "name": name, "password": strongPassword, "invite_code": w.invites[inviteClinic]})
	if resp.StatusCode != 202 {
		w.t.Fatalf("signup %s: %d %s", name, resp.StatusCode, b)
	}
	// The account is made after the answer; its link, mailed, finishes it.
	a := matrixActor{cookie: w.followSignUpLink(name + "@example.org"), user: name, roles: map[string]string{}}
	if inviteClinic != "" {
		a.roles[inviteClinic] = "patient"
	}
	return a
}

// followSignUpLink opens the link a sign-up mailed to addr and returns
// the session it starts.
func (w *world) followSignUpLink(addr string) string {
	w.t.Helper()
	msg := mailboxOf(w.t, w.url).wait(w.t, addr, 1)
	m := linkToken.FindStringSubmatch(msg.Text)
	if m == nil {
		w.t.Fatalf("no link in the sign-up mail to %s:\n%s", addr, msg.Text)
	}
	resp, b := w.do(matrixActor{}, "POST", "/api/v1/login-link/"+m[1], nil)
	if resp.StatusCode != 204 || sessionOf(resp) == "" {
		w.t.Fatalf("sign-up link for %s: %d %s", addr, resp.StatusCode, b)
	}
	return sessionOf(resp)
}

func (w *world) login(name string) string {
	w.t.Helper()
	resp, b := w.do(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": name + "@example.org", "password": strongPassword})
	if resp.StatusCode != 200 {
		w.t.Fatalf("login %s: %d %s", name, resp.StatusCode, b)
	}
	return sessionOf(resp)
}

func (w *world) assess(a matrixActor) string {
	w.t.Helper()
	var res struct{ ID string }
	json.Unmarshal(w.must(a, "POST", "/api/v1/assessments", json.RawMessage(`{"age": 35, "regions": ["flank_left"]}`), 201), &res)
	return res.ID
}

func buildWorld(t testing.TB, m *Main) *world {
	w := &world{t: t, url: m.URL(), actors: map[string]matrixActor{}, records: map[string]string{},
		clinics: map[string]string{}, invites: map[string]string{}, authors: map[string]string{}}
	anon := matrixActor{}
	w.actors["anonymous"] = anon

	var setup struct {
		Clinic struct{ ID, InviteCode string } `json:"clinic"`
	}
	resp, b := w.do(anon, "POST", "/api/v1/setup", map[string]string{
		"email": "operator@example.org", "name": "Op", "password": strongPassword, "clinic_name": "C0"})
	if resp.StatusCode != 201 {
		t.Fatalf("setup: %d %s", resp.StatusCode, b)
	}
	json.Unmarshal(b, &setup)
	op := matrixActor{cookie: sessionOf(resp), user: "operator", operator: true, roles: map[string]string{"C0": "admin"}}
	w.actors["operator"] = op
	w.clinics["C0"] = setup.Clinic.ID

	for i, c := range []string{"C1", "C2"} {
		var out struct {
			Clinic map[string]string `json:"clinic"`
		}
		admin := fmt.Sprintf("admin%d", i+1)
		json.Unmarshal(w.must(op, "POST", "/api/v1/clinics", map[string]string{"name": c,
			"admin_email": admin + "@example.org", "admin_name": admin, "admin_password": strongPassword}, 201), &out)
		w.clinics[c], w.invites[c] = out.Clinic["id"], out.Clinic["invite_code"]
		w.actors[admin] = matrixActor{cookie: w.login(admin), user: admin, roles: map[string]string{c: "admin"}}
	}
	th := w.signUp("therapist1", "")
	w.must(w.actors["admin1"], "POST", "/api/v1/clinics/"+w.clinics["C1"]+"/members",
		map[string]string{"email": "therapist1@example.org", "role": "therapist"}, 202)
	// Nobody joins by being typed in: the therapist accepts the mailed request.
	w.acceptInvitation(th, "therapist1@example.org", 2)
	th.roles["C1"] = "therapist"
	w.actors["therapist1"] = th
	w.actors["patientA"] = w.signUp("patientA", "C1")
	w.actors["patientB"] = w.signUp("patientB", "C2")
	w.actors["loner"] = w.signUp("loner", "")

	w.records["A1"] = w.assess(w.actors["patientA"])
	w.must(w.actors["patientA"], "POST", "/api/v1/assessments/"+w.records["A1"]+"/share", map[string]string{"invite_code": w.invites["C1"]}, 200)
	w.records["B1"] = w.assess(w.actors["patientB"])
	w.must(w.actors["patientB"], "POST", "/api/v1/assessments/"+w.records["B1"]+"/share", map[string]string{"invite_code": w.invites["C2"]}, 200)
	w.records["X"] = w.assess(anon)

	for _, tk := range []struct {
		name, scope string
		revoke      bool
	}{{"tokenRead", "read", false}, {"tokenWrite", "write", false}, {"tokenRevoked", "read", true}} {
		var out struct{ ID, Token string }
		json.Unmarshal(w.must(w.actors["admin1"], "POST", "/api/v1/clinics/"+w.clinics["C1"]+"/tokens",
			map[string]string{"name": tk.name, "scope": tk.scope}, 201), &out)
		if tk.revoke {
			w.must(w.actors["admin1"], "DELETE", "/api/v1/clinics/"+w.clinics["C1"]+"/tokens/"+out.ID, nil, 204)
		}
		w.actors[tk.name] = matrixActor{bearer: out.Token, clinic: "C1", write: tk.scope == "write", revoked: tk.revoke}
	}
	var tok struct{ ID string }
	json.Unmarshal(w.must(w.actors["admin1"], "POST", "/api/v1/clinics/"+w.clinics["C1"]+"/tokens",
		map[string]string{"name": "to-revoke", "scope": "read"}, 201), &tok)
	w.tokenID = tok.ID

	home := w.must(anon, "GET", "/", nil, 200)
	w.asset = strings.TrimPrefix(regexp.MustCompile(`/static/[^"]+`).FindString(string(home)), "/static/")
	return w
}

// raiseFlags has each clinic's patient report a warning sign, which raises
// a flag in that clinic, and keeps the flags' ids.
func (w *world) raiseFlags() {
	t := w.t
	t.Helper()
	w.flags = map[string]string{}
	for _, p := range []struct{ patient, record, clinic, admin string }{{"patientA", "A1", "C1", "admin1"}, {"patientB", "B1", "C2", "admin2"}} {
		w.must(w.actors[p.patient], "POST", "/api/v1/checkins", map[string]any{"assessment_id": w.records[p.record],
			"pain_now": 3, "pain_worst": 4, "stiffness": 2, "activity": 2, "red_flags": []string{"fever"}}, 201)
		var fl struct {
			Flags []struct{ ID string } `json:"flags"`
		}
		json.Unmarshal(w.must(w.actors[p.admin], "GET", "/api/v1/clinics/"+w.clinics[p.clinic]+"/flags", nil, 200), &fl)
		if len(fl.Flags) == 0 {
			t.Fatalf("no flag in %s after a warning sign", p.clinic)
		}
		w.flags[p.clinic] = fl.Flags[0].ID
	}
}

// Who may do what, as the policy promises it.
func signedIn(a matrixActor) bool { return a.user != "" }
func tokenOK(a matrixActor) bool  { return a.bearer == "" || !a.revoked }

// canReadHealth: the owner, the staff of the clinic it is shared with, that
// clinic's tokens; an anonymous record, whoever holds its link (not tokens).
func canReadHealth(a matrixActor, owner, clinic string) bool {
	if !tokenOK(a) {
		return false
	}
	if owner == "" {
		return a.bearer == ""
	}
	if a.bearer != "" {
		return a.clinic == clinic
	}
	role := a.roles[clinic]
	return a.user == owner || role == "therapist" || role == "admin"
}

// A matrix route: how to call it for a target, and who should get through.
type matrixRoute struct {
	targets []string // record names for {id}, clinic names for {clinic}; one "" when the route has neither
	call    func(w *world, target string) (method, path string, body any)
	allowed func(w *world, a matrixActor, target string) bool
	ok      []int // statuses that mean "allowed" (default: any 2xx or 3xx)
}

var recordOwner = map[string][2]string{"A1": {"patientA", "C1"}, "B1": {"patientB", "C2"}, "X": {"", ""}}

func public(w *world, a matrixActor, _ string) bool { return tokenOK(a) }

func healthRead(suffix string) matrixRoute {
	return matrixRoute{
		targets: []string{"A1", "B1", "X"},
		call: func(w *world, t string) (string, string, any) {
			return "GET", "/api/v1/assessments/" + w.records[t] + suffix, nil
		},
		allowed: func(w *world, a matrixActor, t string) bool {
			return canReadHealth(a, recordOwner[t][0], recordOwner[t][1])
		},
	}
}

// ownerOrLinkHolder: claim and share are for the signed-in owner, or any
// signed-in person holding an anonymous record's link.
func ownerOrLinkHolder(w *world, a matrixActor, t string) bool {
	owner := recordOwner[t][0]
	return a.bearer == "" && signedIn(a) && (owner == "" || owner == a.user)
}

func self(w *world, a matrixActor, _ string) bool { return a.bearer == "" && signedIn(a) }

func clinicAdmin(w *world, a matrixActor, c string) bool {
	return a.bearer == "" && a.roles[c] == "admin"
}

// caseloadReader: a clinic's therapists and admins, and its tokens.
// caseloadStaff: the clinic's therapists and admins act on its caseload
// (resolve flags); its tokens do not.
func caseloadStaff(w *world, a matrixActor, c string) bool {
	return a.bearer == "" && (a.roles[c] == "therapist" || a.roles[c] == "admin")
}

func caseloadReader(w *world, a matrixActor, c string) bool {
	if !tokenOK(a) {
		return false
	}
	if a.bearer != "" {
		return a.clinic == c
	}
	return a.roles[c] == "therapist" || a.roles[c] == "admin"
}

func clinicRoute(method, suffix string, body any, allowed func(*world, matrixActor, string) bool) matrixRoute {
	return matrixRoute{
		targets: []string{"C1", "C2"},
		call: func(w *world, c string) (string, string, any) {
			return method, "/api/v1/clinics/" + w.clinics[c] + suffix, body
		},
		allowed: allowed,
	}
}

// clinicPage is a clinic's HTML page or form, for its admin.
func clinicPage(method, suffix string, body any) matrixRoute {
	return matrixRoute{
		targets: []string{"C1", "C2"},
		call: func(w *world, c string) (string, string, any) {
			return method, "/clinic/" + w.clinics[c] + suffix, body
		},
		allowed: clinicAdmin,
	}
}

// signInPage is a page for signed-in people: besides those rt allows, an
// anonymous visitor gets through to a redirect to the sign-in page (303,
// one of ok) and nothing else.
func signInPage(rt matrixRoute, ok ...int) matrixRoute {
	allowed := rt.allowed
	rt.allowed = func(w *world, a matrixActor, t string) bool {
		return allowed(w, a, t) || a.user == "" && a.bearer == ""
	}
	rt.ok = ok
	return rt
}

// diaryWriter: the owner of a kept record, or a write token of the clinic
// it is shared with.
func diaryWriter(w *world, a matrixActor, t string) bool {
	owner, clinic := recordOwner[t][0], recordOwner[t][1]
	if owner == "" || !tokenOK(a) {
		return false
	}
	if a.bearer != "" {
		return a.write && a.clinic == clinic
	}
	return a.user == owner
}

func matrixRoutes() map[string]matrixRoute {
	none := []string{""}
	selfRoute := func(method, path string, body any) matrixRoute {
		return matrixRoute{targets: none, call: func(*world, string) (string, string, any) { return method, path, body }, allowed: self}
	}
	publicRoute := func(method, path string, body any, ok ...int) matrixRoute {
		return matrixRoute{targets: none, call: func(*world, string) (string, string, any) { return method, path, body },
			allowed: public, ok: ok}
	}
	return map[string]matrixRoute{
		"GET /healthz": publicRoute("GET", "/healthz", nil),
		"GET /readyz":  publicRoute("GET", "/readyz", nil),
		"POST /api/v1/assessments": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/api/v1/assessments", json.RawMessage(`{"age": 30, "regions": ["lumbar_left"]}`)
		}, allowed: func(_ *world, a matrixActor, _ string) bool {
			// Anyone may assess; a token only with write scope.
			return tokenOK(a) && (a.bearer == "" || a.write)
		}},
		"GET /api/v1/assessments/{id}":          healthRead(""),
		"GET /api/v1/assessments/{id}/plan":     healthRead("/plan"),
		"GET /api/v1/assessments/{id}/plan.ics": healthRead("/plan.ics"),
		"POST /api/v1/assessments/{id}/claim": {targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/api/v1/assessments/" + w.target(t) + "/claim", nil
			},
			allowed: ownerOrLinkHolder, ok: []int{204, 409}},
		"POST /api/v1/assessments/{id}/share": {targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/api/v1/assessments/" + w.target(t) + "/share", map[string]string{"invite_code": w.invites[recordClinic(t)]}
			},
			allowed: ownerOrLinkHolder, ok: []int{200, 409}},
		"GET /api/v1/exercises":      publicRoute("GET", "/api/v1/exercises", nil),
		"GET /api/v1/exercises/{id}": publicRoute("GET", "/api/v1/exercises/knee-to-chest", nil, 200, 404),
		"GET /api/v1/articles":       publicRoute("GET", "/api/v1/articles", nil),
		"GET /api/v1/articles/{id}":  publicRoute("GET", "/api/v1/articles/what-is-a-knot", nil, 200, 404),
		"POST /api/v1/setup": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/api/v1/setup", map[string]string{"email": "late@example.org", "password": strongPassword, "clinic_name": "Late"}
		}, allowed: func(*world, matrixActor, string) bool { return false }},
		"POST /api/v1/signup": {targets: none, call: func(w *world, _ string) (string, string, any) {
			w.seq++
			return "POST", "/api/v1/signup", map[string]string{"email": fmt.Sprintf("new%d@example.org", w.seq), "password": strongPassword}
		}, allowed: public},
		"POST /api/v1/login": publicRoute("POST", "/api/v1/login", map[string]string{"email": "loner@example.org", "password": strongPassword}),
		// Signing out ends only the session it is sent with; a fresh one
		// is made for each call so the others' sessions live on.
		"POST /api/v1/logout":            publicRoute("POST", "/api/v1/logout", nil),
		"POST /api/v1/logout/everywhere": selfRoute("POST", "/api/v1/logout/everywhere", nil),
		"POST /api/v1/password-reset":    publicRoute("POST", "/api/v1/password-reset", map[string]string{"email": "loner@example.org"}),
		"POST /api/v1/password-reset/{token}": publicRoute("POST", "/api/v1/password-reset/not-a-real-token",
			map[string]string{"password": strongPassword}, 404),
		"POST /api/v1/login-link":         publicRoute("POST", "/api/v1/login-link", map[string]string{"email": "loner@example.org"}),
		"POST /api/v1/login-link/{token}": publicRoute("POST", "/api/v1/login-link/not-a-real-token", nil, 404),
		"GET /api/v1/me":                  selfRoute("GET", "/api/v1/me", nil),
		"GET /api/v1/me/export":           selfRoute("GET", "/api/v1/me/export", nil),
		"DELETE /api/v1/me":               selfRoute("DELETE", "/api/v1/me", nil),
		"POST /api/v1/clinics": {targets: none, call: func(w *world, _ string) (string, string, any) {
			w.seq++
			return "POST", "/api/v1/clinics", map[string]string{"name": "New", "admin_email": fmt.Sprintf("na%d@example.org", w.seq),
				"admin_password": strongPassword}
		}, allowed: func(_ *world, a matrixActor, _ string) bool { return a.bearer == "" && a.operator }},
		"GET /api/v1/clinics/{clinic}":          clinicRoute("GET", "", nil, clinicAdmin),
		"POST /api/v1/clinics/{clinic}/members": clinicRoute("POST", "/members", map[string]string{"email": "loner@example.org", "role": "patient"}, clinicAdmin),
		"GET /api/v1/clinics/{clinic}/audit":    clinicRoute("GET", "/audit", nil, clinicAdmin),
		"GET /api/v1/clinics/{clinic}/tokens":   clinicRoute("GET", "/tokens", nil, clinicAdmin),
		"POST /api/v1/clinics/{clinic}/tokens":  clinicRoute("POST", "/tokens", map[string]string{"name": "x", "scope": "read"}, clinicAdmin),
		"DELETE /api/v1/clinics/{clinic}/tokens/{token}": {targets: []string{"C1", "C2"},
			call: func(w *world, c string) (string, string, any) {
				return "DELETE", "/api/v1/clinics/" + w.clinics[c] + "/tokens/" + w.tokenID, nil
			},
			// The token is C1's: through C2 it is not found even by C2's admin.
			allowed: func(w *world, a matrixActor, c string) bool { return clinicAdmin(w, a, c) && c == "C1" }, ok: []int{204, 404}},
		"GET /api/v1/clinics/{clinic}/caseload": clinicRoute("GET", "/caseload", nil, func(w *world, a matrixActor, c string) bool {
			if !tokenOK(a) {
				return false
			}
			if a.bearer != "" {
				return a.clinic == c
			}
			return a.roles[c] == "therapist" || a.roles[c] == "admin"
		}),
		// The diary is health data. The owner checks in; so may a write
		// token of the clinic the plan is shared with (a clinic system
		// recording what the patient reported). Staff read it but do not
		// write in it. 201 for a new day, 200 when the day is changed.
		"POST /api/v1/checkins": {targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/api/v1/checkins", map[string]any{"assessment_id": w.records[t],
					"pain_now": 3, "pain_worst": 5, "stiffness": 2, "activity": 1}
			},
			allowed: func(w *world, a matrixActor, t string) bool {
				owner, clinic := recordOwner[t][0], recordOwner[t][1]
				if owner == "" || !tokenOK(a) {
					return false
				}
				if a.bearer != "" {
					return a.write && a.clinic == clinic
				}
				return a.user == owner
			},
			ok: []int{200, 201}},
		"GET /api/v1/assessments/{id}/diary":     healthRead("/diary"),
		"GET /api/v1/assessments/{id}/diary.csv": healthRead("/diary.csv"),
		"GET /api/v1/clinics/{clinic}/flags":     clinicRoute("GET", "/flags", nil, caseloadReader),
		// Resolving: the first allowed caller gets 204, later ones find it
		// resolved already (404); others are refused.
		"POST /api/v1/clinics/{clinic}/flags/{flag}/resolve": {targets: []string{"C1", "C2"},
			call: func(w *world, c string) (string, string, any) {
				return "POST", "/api/v1/clinics/" + w.clinics[c] + "/flags/" + w.flags[c] + "/resolve", nil
			},
			allowed: caseloadStaff, ok: []int{204, 404}},
		"POST /clinic/{clinic}/flags/{flag}/resolve": signInPage(matrixRoute{targets: []string{"C1", "C2"},
			call: func(w *world, c string) (string, string, any) {
				return "POST", "/clinic/" + w.clinics[c] + "/flags/" + w.flags[c] + "/resolve", url.Values{}
			},
			allowed: caseloadStaff}, 303, 404),
		"GET /api/v1/clinics/{clinic}/worsening": clinicRoute("GET", "/worsening", nil, caseloadReader),
		// Outcome instruments: their definitions are public; a plan's
		// answers are health data, written like the diary (the owner, or
		// the clinic's write token) and read like it.
		"GET /api/v1/instruments":               publicRoute("GET", "/api/v1/instruments", nil),
		"GET /api/v1/instruments/{id}":          publicRoute("GET", "/api/v1/instruments/nprs", nil),
		"GET /api/v1/openapi.json":              publicRoute("GET", "/api/v1/openapi.json", nil),
		"GET /api/v1/assessments/{id}/outcomes": healthRead("/outcomes"),
		"POST /api/v1/assessments/{id}/outcomes": {targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/api/v1/assessments/" + w.records[t] + "/outcomes", map[string]any{"instrument": "nprs",
					"answers": []map[string]any{{"link_id": "pain", "value": 3}}}
			},
			allowed: diaryWriter, ok: []int{201}},

		"/api/": publicRoute("GET", "/api/v1/no-such-route", nil, 404),

		"GET /{$}":   publicRoute("GET", "/", nil),
		"GET /check": publicRoute("GET", "/check", nil),
		"POST /check": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/check", url.Values{"age": {"30"}}
		}, allowed: public, ok: []int{200, 303, 422}},
		// The stop at the first emergency answer: anyone may triage answers
		// (stored only when they make an emergency); a check-in's stop is
		// written like a check-in.
		"POST /check/stop": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/check/stop", url.Values{"age": {"30"}, "regions": {"flank_left"}}
		}, allowed: public, ok: []int{200}},
		"POST /r/{id}/diary/stop": {targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/r/" + w.records[t] + "/diary/stop", url.Values{"flag.fever": {"yes"}}
			},
			allowed: diaryWriter, ok: []int{200}},
		// A kept result's link, signed out, is the sign-in page (303)
		// that comes back to it.
		"GET /r/{id}": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) { return "GET", "/r/" + w.records[t], nil },
			allowed: func(w *world, a matrixActor, t string) bool {
				return canReadHealth(a, recordOwner[t][0], recordOwner[t][1])
			}}, 200, 303),
		// The diary page: the same readers as the result; check-ins by the
		// owner (or the clinic's write token), as the API's. An anonymous
		// visitor on someone's diary is sent to sign in.
		"GET /r/{id}/diary": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) { return "GET", "/r/" + w.records[t] + "/diary", nil },
			allowed: func(w *world, a matrixActor, t string) bool {
				return canReadHealth(a, recordOwner[t][0], recordOwner[t][1])
			}}, 200, 303),
		"POST /r/{id}/diary": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				form := url.Values{"pain_now": {"3"}, "pain_worst": {"4"}, "stiffness": {"2"}, "activity": {"1"}, "sleep_disturbed": {"no"}}
				for _, q := range diary.RedFlagQuestions() {
					form.Set("flag."+q.Word, "no")
				}
				return "POST", "/r/" + w.records[t] + "/diary", form
			},
			allowed: func(w *world, a matrixActor, t string) bool {
				owner, clinic := recordOwner[t][0], recordOwner[t][1]
				if owner == "" || !tokenOK(a) {
					return false
				}
				if a.bearer != "" {
					return a.write && a.clinic == clinic
				}
				return a.user == owner
			}}, 200, 303),
		"GET /r/{id}/outcomes": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) { return "GET", "/r/" + w.records[t] + "/outcomes", nil },
			allowed: func(w *world, a matrixActor, t string) bool {
				return canReadHealth(a, recordOwner[t][0], recordOwner[t][1])
			}}, 200, 303),
		"POST /r/{id}/outcomes": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/r/" + w.records[t] + "/outcomes", url.Values{"instrument": {"nprs"}, "nprs.pain": {"3"}}
			},
			allowed: diaryWriter}, 303),
		"GET /exercises":      publicRoute("GET", "/exercises", nil),
		"GET /exercises/{id}": publicRoute("GET", "/exercises/knee-to-chest", nil, 200, 404),
		"GET /articles":       publicRoute("GET", "/articles", nil),
		"GET /articles/{id}":  publicRoute("GET", "/articles/what-is-a-knot", nil, 200, 404),
		"GET /static/{file}":  {targets: none, call: func(w *world, _ string) (string, string, any) { return "GET", "/static/" + w.asset, nil }, allowed: public},
		"GET /favicon.ico":    publicRoute("GET", "/favicon.ico", nil),

		// The account and clinic pages. A page for signed-in people sends
		// an anonymous visitor to sign in (303) instead of answering 401:
		// signInPage counts that redirect as the anonymous visitor's answer.
		"GET /signup": publicRoute("GET", "/signup", nil),
		"POST /signup": {targets: none, call: func(w *world, _ string) (string, string, any) {
			w.seq++
			return "POST", "/signup", url.Values{"email": {fmt.Sprintf("page%d@example.org", w.seq)}, "password": {strongPassword}}
		}, allowed: public, ok: []int{303}},
		"GET /login":              publicRoute("GET", "/login", nil),
		"POST /login":             publicRoute("POST", "/login", url.Values{"email": {"loner@example.org"}, "password": {strongPassword}}, 303),
		"POST /logout":            publicRoute("POST", "/logout", url.Values{}, 303),
		"POST /logout/everywhere": signInPage(selfRoute("POST", "/logout/everywhere", url.Values{}), 303),
		"GET /login/link":         publicRoute("GET", "/login/link", nil),
		"POST /login/link":        publicRoute("POST", "/login/link", url.Values{"email": {"loner@example.org"}}, 303),
		// The GET shows a button and does not use the link.
		"GET /login/link/{token}":  publicRoute("GET", "/login/link/not-a-real-token", nil, 200),
		"POST /login/link/{token}": publicRoute("POST", "/login/link/not-a-real-token", url.Values{}, 404),
		"GET /reset":               publicRoute("GET", "/reset", nil),
		"POST /reset":              publicRoute("POST", "/reset", url.Values{"email": {"loner@example.org"}}, 303),
		"GET /reset/{token}":       publicRoute("GET", "/reset/not-a-real-token", nil, 200),
		"POST /reset/{token}":      publicRoute("POST", "/reset/not-a-real-token", url.Values{"password": {strongPassword}}, 404),
		// Set up already: the form sends everyone to sign in, the post is refused.
		"GET /setup": publicRoute("GET", "/setup", nil, 303),
		"POST /setup": {targets: none, call: func(*world, string) (string, string, any) {
			return "POST", "/setup", url.Values{"email": {"late@example.org"}, "password": {strongPassword}, "clinic_name": {"Late"}}
		}, allowed: func(*world, matrixActor, string) bool { return false }},
		"GET /account": signInPage(selfRoute("GET", "/account", nil), 200, 303),
		// Run on a throwaway account (see runMatrix).
		"POST /account/delete": signInPage(selfRoute("POST", "/account/delete", url.Values{"confirm": {"yes"}}), 303),
		"POST /r/{id}/claim": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/r/" + w.target(t) + "/claim", url.Values{}
			},
			allowed: ownerOrLinkHolder}, 303, 409),
		"POST /r/{id}/share": signInPage(matrixRoute{targets: []string{"A1", "B1", "X"},
			call: func(w *world, t string) (string, string, any) {
				return "POST", "/r/" + w.target(t) + "/share", url.Values{"invite_code": {w.invites[recordClinic(t)]}}
			},
			allowed: ownerOrLinkHolder}, 303, 409),
		// The page: the admin's in full, a therapist's with the caseload only.
		"GET /clinic/{clinic}": signInPage(func() matrixRoute {
			rt := clinicPage("GET", "", nil)
			rt.allowed = caseloadStaff
			return rt
		}(), 200, 303),
		"POST /clinic/{clinic}/members": signInPage(clinicPage("POST", "/members", url.Values{"email": {"loner@example.org"}, "role": {"patient"}}), 303),
		"POST /clinic/{clinic}/tokens":  signInPage(clinicPage("POST", "/tokens", url.Values{"name": {"x"}, "scope": {"read"}}), 200, 303),
		"POST /clinic/{clinic}/tokens/{token}/revoke": signInPage(matrixRoute{targets: []string{"C1", "C2"},
			call: func(w *world, c string) (string, string, any) {
				return "POST", "/clinic/" + w.clinics[c] + "/tokens/" + w.tokenID + "/revoke", url.Values{}
			},
			// The token is C1's (and already revoked by the API's route).
			allowed: func(w *world, a matrixActor, c string) bool { return clinicAdmin(w, a, c) && c == "C1" }}, 303, 404),
		"/": publicRoute("GET", "/no-such-page", nil, 404),
	}
}

var denied = []int{401, 403, 404}

func runMatrix(t *testing.T, cfg Config) {
	m := startMain(t, cfg)
	w := buildWorld(t, m)
	w.raiseFlags()
	w.workspace()
	w.talk()
	routes := matrixRoutes()
	for k, v := range workspaceRoutes() {
		routes[k] = v
	}
	for k, v := range interopRoutes() {
		routes[k] = v
	}
	for k, v := range talkRoutes(t) {
		routes[k] = v
	}
	w.reminderRecords(t, m)
	for k, v := range remindersRoutes() {
		routes[k] = v
	}
	for _, pattern := range m.web.Routes() {
		if _, ok := routes[pattern]; !ok {
			t.Errorf("route %q is not in the authorisation matrix", pattern)
		}
	}
	actorNames := make([]string, 0, len(w.actors))
	for n := range w.actors {
		actorNames = append(actorNames, n)
	}
	slices.Sort(actorNames)
	checked, unexpectedAllows := 0, 0
	for _, pattern := range m.web.Routes() {
		rt, ok := routes[pattern]
		if !ok {
			continue
		}
		for _, target := range rt.targets {
			for _, name := range actorNames {
				a := w.actors[name]
				deletes := pattern == "DELETE /api/v1/me" || pattern == "POST /account/delete"
				if strings.HasPrefix(pattern, "POST /api/v1/logout") || strings.HasPrefix(pattern, "POST /logout") || deletes {
					// These end sessions or accounts: use a fresh session of
					// the same person (or a throwaway account).
					a = w.freshSession(name, a, deletes)
				}
				method, path, body := rt.call(w, target)
				resp, b := w.do(a, method, path, body)
				if strings.HasSuffix(pattern, "/logout/everywhere") && a.user != "" {
					// Every session of the person has ended: sign in again
					// for the routes still to come.
					fresh := w.actors[name]
					fresh.cookie = w.login(a.user)
					w.actors[name] = fresh
				}
				want := rt.allowed(w, a, target)
				got := resp.StatusCode
				var pass bool
				if want {
					pass = got < 400 && len(rt.ok) == 0 || slices.Contains(rt.ok, got)
				} else {
					pass = slices.Contains(denied, got)
					if !pass && got < 400 {
						unexpectedAllows++
					}
				}
				checked++
				if !pass {
					t.Errorf("%s [%s] as %s: %d %.200s; want allowed=%v", pattern, target, name, got, b, want)
				}
			}
		}
	}
	w.noMemberWithoutConsent()
	if unexpectedAllows != 0 {
		t.Errorf("%d unexpected allows", unexpectedAllows)
	}
	t.Logf("%d routes × targets × actors checked on %s", checked, m.db.Engine())
}

// target returns the record's id; for the anonymous record X, a new one
// each time, since claiming or sharing it changes who keeps it.
func (w *world) target(name string) string {
	if name == "X" {
		return w.assess(matrixActor{})
	}
	return w.records[name]
}

// recordClinic is the clinic a record is (or would be) shared with.
func recordClinic(name string) string {
	if c := recordOwner[name][1]; c != "" {
		return c
	}
	return "C1"
}

// freshSession gives a person a new session (or, for deletion, a
// throwaway account with the same standing) so that signing out or
// deleting does not spoil the rest of the matrix.
func (w *world) freshSession(name string, a matrixActor, throwaway bool) matrixActor {
	if a.user == "" {
		return a
	}
	if throwaway {
		w.seq++
		return w.signUp(fmt.Sprintf("throwaway%d", w.seq), "")
	}
	a.cookie = w.login(a.user)
	return a
}

func TestAuthorisationMatrixSQLite(t *testing.T) { runMatrix(t, Config{}) }

func TestAuthorisationMatrixPostgres(t *testing.T) {
	runMatrix(t, Config{DatabaseURL: pgtest.URL(t)})
}
