package main

import (
	"encoding/json"
	"html"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"unknot/internal/clinical"
	"unknot/internal/protocol"
	"unknot/internal/testclock"
)

// internalWordList is what a person must never read: the protocol's rule
// ids, the contract's vocabulary words with underscores, and the
// protocol's own shorthand.
type internalWordList []string

func internalWords(t *testing.T) internalWordList {
	t.Helper()
	p := protocol.Default()
	words := internalWordList{"REFERENCE", "§", "seed", p.Default.ID}
	for _, r := range p.Rules {
		words = append(words, r.ID)
	}
	for _, l := range clinical.Lists() {
		for _, w := range l.Words() {
			if strings.Contains(w, "_") {
				words = append(words, w)
			}
		}
	}
	if len(words) < 40 {
		t.Fatalf("only %d internal words: the protocol or the vocabulary did not load", len(words))
	}
	return words
}

// find returns the first internal word in text, or "". "seed" is found as
// a word (not inside "seeds" or "linseed").
func (l internalWordList) find(text string) string {
	for _, w := range l {
		if w == "seed" {
			if seedWord.MatchString(text) {
				return w
			}
			continue
		}
		if strings.Contains(text, w) {
			return w
		}
	}
	return ""
}

var (
	seedWord   = regexp.MustCompile(`(?i)\bseed\b`)
	tagOrBlock = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>|<[^>]*>`)
	hrefs      = regexp.MustCompile(`href="(/[^"#]*)`)
)

// visibleText is the text of an HTML page as a person reads it: no tags,
// attributes, scripts or styles.
func visibleText(page string) string {
	return html.UnescapeString(tagOrBlock.ReplaceAllString(page, " "))
}

// TestNoInternalWordsShown crawls every page a person can reach, signed
// out and signed in as a patient: the wizard, a result of each disposition
// with its plan, the diary, the questionnaires, the library, the account,
// and sign in and up, following every link on the site from them. No page
// shows a rule id, a vocabulary word with an underscore, "REFERENCE", "§"
// or "seed".
func TestNoInternalWordsShown(t *testing.T) {
	clk := testclock.New()
	m := startMainAt(t, Config{EmergencyNumber: "112"}, clk)
	w := &world{t: t, url: m.URL()}
	words := internalWords(t)
	pat := w.signUp("pat", "")
	onset := clk.Now().Add(-20 * time.Hour).Format(time.RFC3339)
	inputs := map[string]string{
		"self care":     `{"age": 38, "regions": ["lumbar_right", "iliac_crest_right"], "onset": "` + onset + `", "pain": {"now": 4, "worst_24h": 6}, "symptoms": ["tight_band", "tender_spot"], "lump": {"present": true, "tender": true, "size_cm": 1}, "triggers": ["prolonged_sitting", "stress"], "lifestyle": {"sitting_hours": 9, "stress": 7, "water_litres": 1, "sleep_hours": 6}, "history": ["previous_episodes"]}`,
		"see clinician": `{"age": 38, "regions": ["lumbar_left"], "pain": {"now": 6, "worst_24h": 8}, "interference": {"sleep": true, "activity": 8}, "symptoms": ["feeling_unwell", "night_sweats"]}`,
		"urgent":        `{"age": 38, "regions": ["lumbar_left"], "symptoms": ["fever"], "history": ["iv_drug_use"]}`,
		"emergency":     `{"age": 38, "regions": ["lumbar_left"], "symptoms": ["saddle_numbness"]}`,
		"under 16":      `{"age": 12, "regions": ["lumbar_left"]}`,
		"interim":       `{"age": 70, "regions": ["lumbar_center"], "history": ["osteoporosis"], "pain": {"now": 5, "worst_24h": 6}}`,
	}
	seeds := []string{"/", "/check", "/exercises", "/exercises?q=ice", "/articles", "/login", "/signup", "/login/link", "/reset", "/account"}
	for name, in := range inputs {
		var res struct{ ID, Disposition string }
		if err := json.Unmarshal(w.must(pat, "POST", "/api/v1/assessments", json.RawMessage(in), 201), &res); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %s", name, res.Disposition)
		seeds = append(seeds, "/r/"+res.ID, "/r/"+res.ID+"/diary", "/r/"+res.ID+"/outcomes")
	}
	// A day of check-ins, so that the diary draws its charts and table.
	var res struct{ ID string }
	json.Unmarshal(w.must(pat, "POST", "/api/v1/assessments", json.RawMessage(inputs["self care"]), 201), &res)
	for day := range 3 {
		clk.Advance(24 * time.Hour)
		w.must(pat, "POST", "/api/v1/checkins", map[string]any{"assessment_id": res.ID, "pain_now": 4 - day, "pain_worst": 5,
			"stiffness": 3, "activity": 2, "done": []string{"exercise"}}, 201)
	}
	seeds = append(seeds, "/r/"+res.ID+"/diary", "/r/"+res.ID+"/diary?note=checked-in")

	for _, a := range []struct {
		name  string
		actor matrixActor
	}{{"signed in", pat}, {"signed out", matrixActor{}}} {
		seen := map[string]bool{}
		queue := slices.Clone(seeds)
		for len(queue) > 0 && len(seen) < 400 {
			path := queue[0]
			queue = queue[1:]
			if seen[path] {
				continue
			}
			seen[path] = true
			resp, body := w.do(a.actor, "GET", path, nil)
			if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
				continue
			}
			page := string(body)
			if found := words.find(visibleText(page)); found != "" {
				i := strings.Index(visibleText(page), found)
				t.Errorf("%s: %s shows %q: …%s…", a.name, path, found, excerpt(visibleText(page), i))
			}
			for _, m := range hrefs.FindAllStringSubmatch(page, -1) {
				next := html.UnescapeString(m[1])
				if u, err := url.Parse(next); err != nil || strings.HasPrefix(u.Path, "/api/") || strings.HasPrefix(u.Path, "/static/") ||
					strings.HasPrefix(u.Path, "/clinic/") || strings.HasSuffix(u.Path, ".svg") || strings.HasSuffix(u.Path, ".ics") {
					continue
				}
				if !seen[next] {
					queue = append(queue, next)
				}
			}
		}
		t.Logf("%s: %d pages read", a.name, len(seen))
		if len(seen) < 30 {
			t.Errorf("%s: only %d pages reached", a.name, len(seen))
		}
	}
}

func excerpt(s string, i int) string {
	s = strings.Join(strings.Fields(s[max(0, i-80):min(len(s), i+80)]), " ")
	return s
}
