package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"unknot/internal/outcome"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/readability"
	"unknot/internal/testclock"
)

type outcomesReply struct {
	Today       string `json:"today"`
	Start       string `json:"start"`
	Instruments []struct {
		ID       string   `json:"id"`
		Ready    bool     `json:"ready"`
		NotReady string   `json:"not_ready"`
		Due      []string `json:"due"`
		DueNow   bool     `json:"due_now"`
		DueDate  string   `json:"due_date"`
		History  []struct {
			Date  string `json:"date"`
			Label string `json:"label"`
			Score struct {
				Value float64 `json:"value"`
			} `json:"score"`
			Answers []struct {
				LinkID string `json:"link_id"`
				Text   string `json:"text"`
			} `json:"answers"`
		} `json:"history"`
		Change *struct {
			Points float64 `json:"points"`
			Status string  `json:"status"`
		} `json:"change"`
		Chart struct {
			Series []struct {
				Points []struct{ Date string } `json:"points"`
			} `json:"series"`
		} `json:"chart"`
	} `json:"instruments"`
}

type recordReply struct {
	Response struct {
		Date    string `json:"date"`
		Label   string `json:"label"`
		Licence string `json:"licence"`
		Score   struct {
			Value    float64 `json:"value"`
			Subscale *int    `json:"subscale"`
			Band     string  `json:"band"`
		} `json:"score"`
	} `json:"response"`
	Error string `json:"error"`
}

// answers builds an API answer list from linkId → value pairs.
func answers(pairs ...any) []map[string]any {
	var out []map[string]any
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, map[string]any{"link_id": pairs[i], "value": pairs[i+1]})
	}
	return out
}

func psfsAnswers(ratings ...int) []map[string]any {
	names := []string{"Lifting my child", "Sitting at my desk", "Running", "Gardening"}
	var out []map[string]any
	for i, r := range ratings {
		out = append(out, map[string]any{"link_id": fmt.Sprintf("activity_%d", i+1), "text": names[i], "value": r})
	}
	return out
}

// sharedPlan makes patientA's assessment (pain 3, self care) and shares it
// with her clinic, C1.
func sharedPlan(t *testing.T, w *world) string {
	t.Helper()
	var res struct{ ID, Disposition string }
	json.Unmarshal(w.must(w.actors["patientA"], "POST", "/api/v1/assessments",
		json.RawMessage(`{"age": 35, "regions": ["flank_left"], "pain": {"now": 3}}`), 201), &res)
	if res.Disposition != "self_care" {
		t.Fatalf("the assessment is %q; the test needs self_care", res.Disposition)
	}
	w.must(w.actors["patientA"], "POST", "/api/v1/assessments/"+res.ID+"/share", map[string]string{"invite_code": w.invites["C1"]}, 200)
	return res.ID
}

func addDays(date string, n int) string {
	d, _ := time.Parse(time.DateOnly, date)
	return d.AddDate(0, 0, n).Format(time.DateOnly)
}

func runOutcomes(t *testing.T, cfg Config) {
	clock := testclock.New()
	m := startMainAt(t, cfg, clock)
	w := buildWorld(t, m)
	ann, bob, therapist := w.actors["patientA"], w.actors["patientB"], w.actors["therapist1"]
	id := sharedPlan(t, w)
	path := "/api/v1/assessments/" + id + "/outcomes"
	record := func(a matrixActor, instrument string, ans []map[string]any, want int) (recordReply, problemsReply) {
		t.Helper()
		b := w.must(a, "POST", path, map[string]any{"instrument": instrument, "answers": ans}, want)
		var r recordReply
		var p problemsReply
		json.Unmarshal(b, &r)
		json.Unmarshal(b, &p)
		return r, p
	}
	view := func(a matrixActor) (outcomesReply, map[string]int) {
		t.Helper()
		var v outcomesReply
		json.Unmarshal(w.must(a, "GET", path, nil, 200), &v)
		at := map[string]int{}
		for i, in := range v.Instruments {
			at[in.ID] = i
		}
		return v, at
	}

	// The instruments: STarT Back and the Oswestry index are listed, but
	// need the clinic's licensed wording.
	var list struct {
		Instruments []struct {
			ID       string `json:"id"`
			Ready    bool   `json:"ready"`
			NotReady string `json:"not_ready"`
		} `json:"instruments"`
	}
	json.Unmarshal(w.must(w.actors["anonymous"], "GET", "/api/v1/instruments", nil, 200), &list)
	ready := map[string]bool{}
	for _, in := range list.Instruments {
		ready[in.ID] = in.Ready
		if !in.Ready && !strings.Contains(in.NotReady, "licensed wording") {
			t.Errorf("%s is not ready but says %q", in.ID, in.NotReady)
		}
	}
	if len(ready) != 4 || !ready["nprs"] || !ready["psfs"] || ready["startback"] || ready["odi"] {
		t.Fatalf("instruments ready: %v", ready)
	}
	w.must(w.actors["anonymous"], "GET", "/api/v1/instruments/psfs", nil, 200)
	w.must(w.actors["anonymous"], "GET", "/api/v1/instruments/nope", nil, 404)

	// At the start everything ready is due now.
	v, at := view(ann)
	start := v.Start
	if nprs := v.Instruments[at["nprs"]]; !nprs.DueNow || nprs.DueDate != start || !slices.Equal(nprs.Due, []string{start, addDays(start, 14)}) {
		t.Fatalf("nprs at the start: %+v (start %s)", nprs, start)
	}
	if sb := v.Instruments[at["startback"]]; sb.Ready || !slices.Equal(sb.Due, []string{start, addDays(start, 28)}) {
		t.Fatalf("startback at the start: %+v", sb)
	}

	// Bad answers are refused, naming each field.
	_, p := record(ann, "nprs", answers("pain", 11), 422)
	if !p.has("answers[pain]") {
		t.Fatalf("pain 11: %+v", p)
	}
	_, p = record(ann, "nprs", answers("pain", 2.5, "nope", 1), 422)
	if !p.has("answers[pain]") {
		t.Fatalf("pain 2.5: %+v", p)
	}
	_, p = record(ann, "nprs", answers("nope", 1), 422)
	if !p.has("answers[nope]") || !p.has("answers[pain]") {
		t.Fatalf("an unknown item and no pain: %+v", p)
	}
	_, p = record(ann, "psfs", answers("activity_1", 3, "activity_2", 4, "activity_3", 2), 422)
	if !p.has("answers[activity_1]") {
		t.Fatalf("activities without names: %+v", p)
	}
	_, p = record(ann, "psfs", psfsAnswers(3, 4), 422)
	if !p.has("answers[activity_3]") {
		t.Fatalf("two activities: %+v", p)
	}
	_, p = record(ann, "pain", answers("pain", 1), 422)
	if !p.has("instrument") {
		t.Fatalf("an unknown instrument: %+v", p)
	}
	// A licensed instrument without its wording cannot be used.
	sb, _ := record(ann, "startback", answers("1", 1), 409)
	if !strings.Contains(sb.Error, "licensed wording") {
		t.Fatalf("startback without wording: %q", sb.Error)
	}

	// The baseline.
	r, _ := record(ann, "nprs", answers("pain", 6), 201)
	if r.Response.Score.Value != 6 || r.Response.Date != start {
		t.Fatalf("nprs baseline: %+v", r.Response)
	}
	r, _ = record(ann, "psfs", psfsAnswers(3, 4, 2), 201)
	if r.Response.Score.Value != 3 {
		t.Fatalf("psfs baseline: %+v", r.Response)
	}
	v, at = view(ann)
	if nprs := v.Instruments[at["nprs"]]; nprs.DueNow || nprs.DueDate != addDays(start, 14) || nprs.Change != nil {
		t.Fatalf("nprs after the baseline: %+v", nprs)
	}

	// Someone else's plan is not found; the therapist reads but does not
	// answer for her.
	w.must(bob, "GET", path, nil, 404)
	record(bob, "nprs", answers("pain", 1), 404)
	record(therapist, "nprs", answers("pain", 1), 403)

	// Two weeks later both are due again; pain is down 3 points and
	// function up 3: both meaningfully better.
	clock.Advance(14 * 24 * time.Hour)
	v, at = view(ann)
	if nprs := v.Instruments[at["nprs"]]; !nprs.DueNow || nprs.DueDate != addDays(start, 14) {
		t.Fatalf("nprs two weeks on: %+v", nprs)
	}
	record(ann, "nprs", answers("pain", 3), 201)
	record(ann, "psfs", psfsAnswers(6, 7, 5), 201)

	v, at = view(therapist)
	nprs, psfs := v.Instruments[at["nprs"]], v.Instruments[at["psfs"]]
	if nprs.DueNow || nprs.DueDate != addDays(start, 28) || !slices.Equal(nprs.Due, []string{start, addDays(start, 14), addDays(start, 28)}) {
		t.Fatalf("nprs due after the second: %+v", nprs)
	}
	if len(nprs.History) != 2 || nprs.Change == nil || nprs.Change.Points != -3 || nprs.Change.Status != "better" {
		t.Fatalf("nprs history %+v change %+v; want down 3, better", nprs.History, nprs.Change)
	}
	if len(psfs.History) != 2 || psfs.Change == nil || psfs.Change.Points != 3 || psfs.Change.Status != "better" ||
		psfs.History[1].Answers[0].Text != "Lifting my child" {
		t.Fatalf("psfs history %+v change %+v; want up 3, better", psfs.History, psfs.Change)
	}
	if pts := nprs.Chart.Series[0].Points; len(pts) != 2 || pts[1].Date != addDays(start, 14) {
		t.Fatalf("nprs chart points %+v", pts)
	}
	if sb := v.Instruments[at["startback"]]; !sb.DueNow || len(sb.History) != 0 {
		t.Fatalf("startback two weeks on: %+v", sb)
	}

	// Both reads and writes are audited.
	var audit struct {
		Entries []struct{ Actor, Action string } `json:"entries"`
	}
	json.Unmarshal(w.must(w.actors["admin1"], "GET", "/api/v1/clinics/"+w.clinics["C1"]+"/audit?record=outcomes:"+id, nil, 200), &audit)
	seen := map[string]bool{}
	for _, e := range audit.Entries {
		seen[e.Action+" by "+e.Actor] = true
	}
	for _, want := range []string{"write by " + w.userID("patientA"), "read by " + w.userID("therapist1")} {
		if !seen[want] {
			t.Errorf("the audit log lacks %s on the outcomes: %v", want, seen)
		}
	}

	// The page: what is due, the change in plain words, the charts with
	// their tables; the activities are filled in from last time.
	page := string(w.must(ann, "GET", "/r/"+id+"/outcomes", nil, 200))
	for _, want := range []string{"Better: down 3 from 6 at the start.", "Better: up 3 from 3 at the start.",
		`value="Lifting my child"`, "the numbers as a table"} {
		if !strings.Contains(page, want) {
			t.Errorf("the outcomes page lacks %q", want)
		}
	}
	// A licensed form the clinic has not set up is not shown to the
	// patient as "not in use yet" (issue 12).
	if strings.Contains(page, "Not in use yet") {
		t.Error("the patient's outcomes page lists forms that are not in use")
	}
	checkProse(t, page)
	if !strings.Contains(string(w.must(ann, "GET", "/r/"+id+"/diary", nil, 200)), `href="/r/`+id+`/outcomes"`) {
		t.Error("the diary page does not link to the outcomes page")
	}
	// A form sent with a wrong answer shows the error beside the field,
	// with the answers kept; a good one is saved.
	bad := string(w.must(ann, "POST", "/r/"+id+"/outcomes", url.Values{"instrument": {"psfs"},
		"psfs.activity_1.text": {"Walking the dog"}, "psfs.activity_1": {"4"}, "psfs.activity_2.text": {"Driving"}}, 422))
	if !strings.Contains(bad, `id="f-psfs-activity-2-err"`) || !strings.Contains(bad, "Choose a number from 0 to 10 for this activity.") ||
		!strings.Contains(bad, `value="Walking the dog"`) {
		t.Errorf("the refused form does not show its error beside the field with the answers kept")
	}
	bad = string(w.must(ann, "POST", "/r/"+id+"/outcomes", url.Values{"instrument": {"psfs"},
		"psfs.activity_1.text": {"Walking the dog"}, "psfs.activity_1": {"4"}}, 422))
	if !strings.Contains(bad, "Please answer this question.") {
		t.Errorf("missing activities are not named on the page")
	}
	bad = string(w.must(ann, "POST", "/r/"+id+"/outcomes", url.Values{"instrument": {"startback"}, "startback.1": {"1"}}, 422))
	if !strings.Contains(bad, `id="f-startback"`) || !strings.Contains(bad, "This form needs your clinic&#39;s licensed wording.") {
		t.Errorf("a STarT Back form sent without wording is not refused on the page")
	}
	resp, _ := w.do(ann, "POST", "/r/"+id+"/outcomes", url.Values{"instrument": {"nprs"}, "nprs.pain": {"2"}})
	if resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "saved=nprs") {
		t.Fatalf("saving the page's pain form = %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

var proseRE = regexp.MustCompile(`(?s)<p(?: data-(?:due|change))?>(.*?)</p>`)

// checkProse holds the page's sentences to grade 8.
func checkProse(t *testing.T, page string) {
	t.Helper()
	main := page[strings.Index(page, "<h1>"):]
	var blocks []string
	for _, m := range proseRE.FindAllStringSubmatch(main, -1) {
		blocks = append(blocks, html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[1], "")))
	}
	if len(blocks) < 4 {
		t.Fatalf("found only %d paragraphs of prose", len(blocks))
	}
	g := readability.Grade(strings.Join(blocks, "\n\n"))
	t.Logf("the outcomes page reads at grade %.1f (%d paragraphs)", g, len(blocks))
	if g > 8 {
		t.Errorf("the outcomes page reads at grade %.1f; want 8 or less: %q", g, blocks)
	}
}

// testWording writes made-up TEST DATA wording for a licensed instrument:
// never the instrument's real text.
func testWording(t *testing.T, dir, id string) {
	t.Helper()
	def, ok := outcome.Default().Get(id)
	if !ok {
		t.Fatalf("no instrument %s", id)
	}
	w := outcome.Wording{Instrument: id, Licence: "TEST DATA: made-up placeholder wording for tests, not the licensed text"}
	for _, it := range def.Items {
		wi := outcome.WordingItem{LinkID: it.LinkID, Text: fmt.Sprintf("[TEST DATA] %s item %s", id, it.LinkID)}
		for _, o := range it.Options {
			wi.Options = append(wi.Options, outcome.WordingOption{Value: o.Value, Text: fmt.Sprintf("[TEST DATA] answer %d", o.Value)})
		}
		w.Items = append(w.Items, wi)
	}
	b, _ := json.Marshal(w)
	if err := os.WriteFile(filepath.Join(dir, id+".json"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func runLicensedOutcomes(t *testing.T, cfg Config) {
	dir := t.TempDir()
	testWording(t, dir, "startback")
	testWording(t, dir, "odi")
	cfg.InstrumentsDir = dir
	clock := testclock.New()
	m := startMainAt(t, cfg, clock)
	w := buildWorld(t, m)
	ann := w.actors["patientA"]
	id := sharedPlan(t, w)
	path := "/api/v1/assessments/" + id + "/outcomes"

	var in struct {
		Ready   bool   `json:"ready"`
		Licence string `json:"licence"`
		Items   []struct {
			Text string `json:"text"`
		} `json:"items"`
	}
	json.Unmarshal(w.must(ann, "GET", "/api/v1/instruments/startback", nil, 200), &in)
	if !in.Ready || !strings.HasPrefix(in.Licence, "TEST DATA") || len(in.Items) != 9 || !strings.HasPrefix(in.Items[0].Text, "[TEST DATA]") {
		t.Fatalf("startback with wording: %+v", in)
	}

	// Items 1–4 agree, 5–7 agree, 8 disagree, 9 "very much" (counts 1):
	// total 8, psychosocial 4, high risk.
	var r recordReply
	json.Unmarshal(w.must(ann, "POST", path, map[string]any{"instrument": "startback",
		"answers": answers("1", 1, "2", 1, "3", 1, "4", 1, "5", 1, "6", 1, "7", 1, "8", 0, "9", 3)}, 201), &r)
	if r.Response.Score.Value != 8 || r.Response.Score.Subscale == nil || *r.Response.Score.Subscale != 4 ||
		r.Response.Score.Band != "high" || !strings.HasPrefix(r.Response.Licence, "TEST DATA") {
		t.Fatalf("startback high: %+v", r.Response)
	}
	// Two items agree, item 9 "moderately" does not count: low risk.
	json.Unmarshal(w.must(ann, "POST", path, map[string]any{"instrument": "startback",
		"answers": answers("1", 1, "2", 0, "3", 0, "4", 0, "5", 1, "6", 0, "7", 0, "8", 0, "9", 2)}, 201), &r)
	if r.Response.Score.Value != 2 || r.Response.Score.Band != "low" || r.Response.Label != "2 (low risk)" {
		t.Fatalf("startback low: %+v", r.Response)
	}
	var p problemsReply
	json.Unmarshal(w.must(ann, "POST", path, map[string]any{"instrument": "startback",
		"answers": answers("1", 2, "2", 0, "3", 0, "4", 0, "5", 1, "6", 0, "7", 0, "8", 0)}, 422), &p)
	if !p.has("answers[1]") || !p.has("answers[9]") {
		t.Fatalf("startback with a wrong and a missing answer: %+v", p)
	}

	// The Oswestry index: every section 1 of 5 is 20%, minimal.
	def, _ := outcome.Default().Get("odi")
	var odi []map[string]any
	for _, it := range def.Items {
		odi = append(odi, map[string]any{"link_id": it.LinkID, "value": 1})
	}
	json.Unmarshal(w.must(ann, "POST", path, map[string]any{"instrument": "odi", "answers": odi}, 201), &r)
	if r.Response.Score.Value != 20 || r.Response.Score.Band != "minimal" {
		t.Fatalf("odi: %+v", r.Response)
	}

	// The page shows the form with the clinic's wording and its licence.
	page := string(w.must(ann, "GET", "/r/"+id+"/outcomes", nil, 200))
	for _, want := range []string{"[TEST DATA] startback item 9", "TEST DATA: made-up placeholder wording", "2 (low risk)", "20% (minimal)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the outcomes page with wording lacks %q", want)
		}
	}
	// A page form is scored as the API's.
	form := url.Values{"instrument": {"startback"}}
	for i := 1; i <= 9; i++ {
		form.Set(fmt.Sprintf("startback.%d", i), "0")
	}
	resp, _ := w.do(ann, "POST", "/r/"+id+"/outcomes", form)
	if resp.StatusCode != 303 {
		t.Fatalf("the STarT Back page form = %d", resp.StatusCode)
	}
}

// A wording file that does not fit stops the server from starting, with a
// usage error naming the file.
func TestInstrumentsFolderRefused(t *testing.T) {
	cases := map[string]string{
		"startback.json": `{"instrument": "odi", "licence": "TEST DATA", "items": []}`,
		"nope.json":      `{"instrument": "nope", "licence": "TEST DATA", "items": []}`,
		"odi.json":       `{"instrument": "odi", "items": []}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: t.TempDir(), DefaultTZ: "UTC", InstrumentsDir: dir,
				MaxBodyBytes: 1 << 20, ShutdownTimeout: time.Second},
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Passwords: cheapPasswords, Now: testclock.Fixed()}
			err := m.Open(context.Background())
			m.Close()
			var ue usageError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), name) {
				t.Fatalf("Open with %s = %v; want a usage error naming the file", name, err)
			}
		})
	}
}

func TestOutcomesSQLite(t *testing.T) { runOutcomes(t, Config{}) }

func TestOutcomesPostgres(t *testing.T) { runOutcomes(t, Config{DatabaseURL: pgtest.URL(t)}) }

func TestLicensedOutcomesSQLite(t *testing.T) { runLicensedOutcomes(t, Config{}) }

func TestLicensedOutcomesPostgres(t *testing.T) {
	runLicensedOutcomes(t, Config{DatabaseURL: pgtest.URL(t)})
}

// The wording folder comes from --instruments or UNKNOT_INSTRUMENTS; the
// flag wins.
func TestInstrumentsFlag(t *testing.T) {
	env := func(k string) string {
		if k == "UNKNOT_INSTRUMENTS" {
			return "/from/env"
		}
		return ""
	}
	for args, want := range map[string]string{"": "/from/env", "--instruments=/from/flag": "/from/flag"} {
		var c Config
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		serveFlags(fs, &c, env)
		if err := parseFlags(fs, strings.Fields(args), io.Discard); err != nil || c.InstrumentsDir != want {
			t.Errorf("%q: InstrumentsDir = %q, %v; want %q", args, c.InstrumentsDir, err, want)
		}
	}
}
