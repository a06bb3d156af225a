package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"unknot/internal/app"
	"unknot/internal/clinical"
	"unknot/internal/domain"
	"unknot/internal/testclock"
)

// The wizard collects exactly the contract's facts: every word of every list
// is asked, once.
func TestWizardAsksEveryWord(t *testing.T) {
	for _, c := range []struct {
		name   string
		asked  []string
		vocab  []string
		inForm func(checkView) []string
	}{
		{"symptoms", slices.Concat(localSymptoms, warningSymptoms), clinical.Symptoms, nil},
		{"history", slices.Concat(otherHistory, seriousHistory), clinical.History, nil},
		{"regions", nil, clinical.Regions, func(v checkView) []string {
			var out []string
			for _, r := range v.Map.Regions {
				out = append(out, r.Word)
			}
			return out
		}},
		{"radiation", nil, clinical.Radiation, func(v checkView) []string { return v.Radiation }},
		{"self_care.tried", nil, clinical.Tried, func(v checkView) []string { return v.Tried }},
		{"triggers", nil, clinical.Triggers, func(v checkView) []string { return v.Triggers }},
		{"self_care.trend", nil, clinical.Trends, func(v checkView) []string { return v.Trends }},
		{"sex", nil, clinical.Sexes, func(v checkView) []string { return v.Sexes }},
	} {
		asked := c.asked
		if c.inForm != nil {
			asked = c.inForm(newCheckView(newForm(nil)))
		}
		got, want := slices.Sorted(slices.Values(asked)), slices.Sorted(slices.Values(c.vocab))
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: the wizard's words differ from the contract's (-contract +wizard):\n%s", c.name, diff)
		}
	}
	if len(lumpQuestions) != 5 {
		t.Errorf("lump questions = %v; want hard, mobile, growing, tender, warm_red", lumpQuestions)
	}
}

func TestParseCheck(t *testing.T) {
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	ptr := func(n int) *int { return &n }
	fl := func(v float64) *float64 { return &v }

	t.Run("complete", func(t *testing.T) {
		v := answers()
		v.Set("symptom.saddle_numbness", "yes")
		v.Set("history.cancer", "yes")
		v.Set("lump.present", "yes")
		for _, q := range lumpQuestions {
			v.Set("lump."+q, "no")
		}
		v.Set("lump.tender", "yes")
		v.Set("lump.size_cm", "1,5")
		f := newForm(v)
		in := parseCheck(f, now)
		if f.HasErrors() {
			t.Fatalf("errors: %v", f.Errors())
		}
		onset := now.Add(-5 * 24 * time.Hour)
		want := clinical.Input{
			TZ: "Europe/London", Age: ptr(38), Sex: "female", Onset: &onset,
			Regions: []string{"lumbar_right", "iliac_crest_right"}, Radiation: []string{"buttock"},
			Pain:         clinical.Pain{Now: ptr(4), Worst24h: ptr(6)},
			Lump:         &clinical.Lump{Present: true, Tender: true, SizeCM: fl(1.5)},
			Symptoms:     []string{"tight_band", "tender_spot", "stiffness", "saddle_numbness"},
			History:      []string{"previous_episodes", "cancer"},
			Interference: clinical.Interference{Activity: ptr(3)},
			SelfCare:     clinical.SelfCare{Tried: []string{"stretching", "heat"}, Trend: "same"},
			Triggers:     []string{"prolonged_sitting", "stress"},
			Lifestyle: &clinical.Lifestyle{SittingHours: fl(9), ActiveDaysPerWeek: ptr(2), Stress: ptr(6),
				WaterLitres: fl(1.5), SleepHours: fl(7)},
		}
		if diff := cmp.Diff(want, in); diff != "" {
			t.Errorf("Input (-want +got):\n%s", diff)
		}
		if err := clinical.Validate(in); err != nil {
			t.Errorf("Validate: %v", err)
		}
	})

	t.Run("onset date in the person's zone", func(t *testing.T) {
		v := answers()
		v.Set("onset_mode", "date")
		v.Set("onset_date", "2026-11-22")
		v.Set("onset_time", "18:30")
		v.Set("tz", "America/New_York")
		in := parseCheck(newForm(v), now)
		want := time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)
		if in.Onset == nil || !in.Onset.Equal(want) {
			t.Errorf("onset = %v; want %v", in.Onset, want)
		}
		if in.TZ != "America/New_York" {
			t.Errorf("tz = %q", in.TZ)
		}
	})

	t.Run("unknown zone falls back to the deployment's", func(t *testing.T) {
		v := answers()
		v.Set("tz", "Mars/Olympus")
		f := newForm(v)
		if in := parseCheck(f, now); in.TZ != "" || f.HasErrors() {
			t.Errorf("tz = %q, errors %v; want empty and none", in.TZ, f.Errors())
		}
	})

	t.Run("no lump and no lifestyle", func(t *testing.T) {
		v := answers()
		for k := range v {
			if strings.HasPrefix(k, "lifestyle.") {
				v.Del(k)
			}
		}
		v.Set("onset_mode", "unknown")
		in := parseCheck(newForm(v), now)
		if in.Lifestyle != nil || in.Onset != nil || in.Lump == nil || in.Lump.Present {
			t.Errorf("lifestyle %v onset %v lump %+v; want nil, nil, not present", in.Lifestyle, in.Onset, in.Lump)
		}
	})

	problems := []struct {
		name   string
		change func(url.Values)
		want   map[string]string // field → message
	}{
		{"warning sign left unanswered", func(v url.Values) { v.Del("symptom.saddle_numbness"); v.Del("history.cancer") },
			map[string]string{"symptom.saddle_numbness": msgAnswer, "history.cancer": msgAnswer}},
		{"no age, no region", func(v url.Values) { v.Del("age"); v.Del("regions") },
			map[string]string{"age": "Enter your age in years.", "regions": msgRegions}},
		{"words not in the contract", func(v url.Values) {
			v["regions"] = []string{"lumbar_left", "neck"}
			v.Set("symptoms", "sneezing")
			v.Set("sex", "robot")
		}, map[string]string{"regions": msgUnknown, "symptoms": msgUnknown, "sex": msgUnknown}},
		{"numbers out of range", func(v url.Values) {
			v.Set("pain.now", "99")
			v.Set("age", "300")
			v.Set("lifestyle.sleep_hours", "30")
		}, map[string]string{"pain.now": msgScale, "age": msgAge, "lifestyle.sleep_hours": "Enter a number from 0 to 24."}},
		{"not numbers", func(v url.Values) {
			v.Set("pain.worst_24h", "lots")
			v.Set("lump.present", "yes")
			for _, q := range lumpQuestions[1:] {
				v.Set("lump."+q, "no")
			}
			v.Set("lump.size_cm", "big")
		},
			map[string]string{"pain.worst_24h": msgScale, "lump.size_cm": "Enter a number, like 2 or 1.5.", "lump.hard": msgAnswer}},
		{"onset in the future", func(v url.Values) { v.Set("onset_mode", "date"); v.Set("onset_date", "2030-01-01") },
			map[string]string{"onset_date": msgOnsetFut}},
		{"onset ago without a number", func(v url.Values) { v.Set("onset_ago", "") },
			map[string]string{"onset_ago": "Enter how long ago it started, as a number."}},
	}
	for _, c := range problems {
		t.Run(c.name, func(t *testing.T) {
			v := answers()
			c.change(v)
			f := newForm(v)
			in := parseCheck(f, now)
			if err := clinical.Validate(in); err != nil {
				f.addProblems(app.InputError(err).(*domain.Error).Problems, in)
			}
			got := map[string]string{}
			for _, e := range f.Errors() {
				got[e.Field] = e.Message
			}
			for field, msg := range c.want {
				if got[field] != msg {
					t.Errorf("%s: %q; want %q (all: %v)", field, got[field], msg, got)
				}
			}
			if len(got) != len(c.want) {
				t.Errorf("errors = %v; want only %v", got, c.want)
			}
		})
	}
}

// The wizard's answers go through the same path as the API: the same facts
// as JSON give the same disposition and rules.
func TestCheckSubmitMatchesAPI(t *testing.T) {
	h := newTestServer(t)
	for _, c := range []struct {
		name   string
		change func(url.Values)
		want   clinical.Disposition
	}{
		{"self care", func(url.Values) {}, clinical.SelfCareOnly},
		{"see clinician", func(v url.Values) { v.Set("interference.sleep", "yes"); v.Set("interference.activity", "8") }, clinical.SeeClinician},
		{"emergency", func(v url.Values) { v.Set("symptom.saddle_numbness", "yes") }, clinical.Emergency},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := answers()
			c.change(v)
			w := do(h, "POST", "/check", v)
			if w.Code != http.StatusSeeOther {
				t.Fatalf("POST /check = %d; want 303\n%s", w.Code, w.Body)
			}
			id := strings.TrimPrefix(w.Header().Get("Location"), "/r/")
			api := do(h, "GET", "/api/v1/assessments/"+id, nil)
			var web clinical.Result
			if err := json.Unmarshal(api.Body.Bytes(), &web); err != nil {
				t.Fatal(err)
			}
			if web.Disposition != c.want {
				t.Errorf("disposition = %s; want %s", web.Disposition, c.want)
			}

			in := parseCheck(newForm(v), testclock.Now())
			body, _ := json.Marshal(in)
			req := httptest.NewRequest("POST", "/api/v1/assessments", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var viaAPI clinical.Result
			if err := json.Unmarshal(rec.Body.Bytes(), &viaAPI); err != nil || rec.Code != http.StatusCreated {
				t.Fatalf("API = %d %s", rec.Code, rec.Body)
			}
			if web.Disposition != viaAPI.Disposition || !slices.Equal(rules(web), rules(viaAPI)) {
				t.Errorf("web %s %v; API %s %v", web.Disposition, rules(web), viaAPI.Disposition, rules(viaAPI))
			}

			page := do(h, "GET", "/r/"+id, nil)
			if page.Code != 200 || !strings.Contains(page.Body.String(), `data-disposition="`+string(c.want)+`"`) {
				t.Errorf("result page = %d; want the %s disposition on it", page.Code, c.want)
			}
			chosen := "the places you chose: Lower back, right side; Just above the hip bone, right."
			if c.want != clinical.Emergency && !strings.Contains(page.Body.String(), chosen) {
				t.Errorf("the result page does not name the places chosen on its map")
			}
		})
	}
}

func rules(r clinical.Result) []string {
	var out []string
	for _, x := range r.Reasons {
		out = append(out, x.Rule)
	}
	return out
}

// A tampered or incomplete form comes back with every answer kept and each
// problem beside its question.
func TestCheckSubmitKeepsAnswers(t *testing.T) {
	h := newTestServer(t)
	v := answers()
	v.Set("pain.now", "99")
	v["regions"] = []string{"lumbar_right", "shoulder"}
	v.Del("symptom.bladder_dysfunction")
	w := do(h, "POST", "/check", v)
	if w.Code != http.StatusUnprocessableEntity {
		t.Fatalf("POST /check = %d; want 422", w.Code)
	}
	body := w.Body.String()
	for _, want := range []string{
		`id="f-pain-now-err"><strong>Error:</strong> <span>` + msgScale,
		`id="f-regions-err"><strong>Error:</strong> <span>` + msgUnknown,
		`id="f-symptom-bladder-dysfunction-err"><strong>Error:</strong> <span>` + msgAnswer,
		`<a href="#f-pain-now">Pain right now: ` + msgScale,
		`<a href="#f-symptom-bladder-dysfunction">New trouble peeing, or not able to hold or feel your pee: ` + msgAnswer,
		`name="age" value="38"`,
		`value="lumbar_right" id="r-lumbar_right" checked`,
		`name="symptom.saddle_numbness" value="no" checked`,
		`name="lifestyle.water_litres" value="1.5"`,
		`data-errors`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	// Fields without problems show no message.
	if !regexp.MustCompile(`id="f-age-err" hidden>`).MatchString(body) {
		t.Error("age shows an error it does not have")
	}
}

func TestCheckSubmitRefusesCrossSite(t *testing.T) {
	h := newTestServer(t)
	w := do(h, "POST", "/check", answers(), "Sec-Fetch-Site", "cross-site")
	if w.Code != http.StatusForbidden {
		t.Errorf("cross-site POST /check = %d; want 403", w.Code)
	}
}
