package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The stop at the first emergency answer, through the server: the partial
// answers the page sends with JavaScript, and a form sent without it with
// answers still missing.
func TestStopAtFirstEmergencyAnswer(t *testing.T) {
	h := newTestServer(t)
	stop := func(v url.Values) stopAnswer {
		t.Helper()
		w := do(h, "POST", "/check/stop", v)
		var a stopAnswer
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &a) != nil {
			t.Fatalf("POST /check/stop = %d %s", w.Code, w.Body)
		}
		if w.Header().Get("Cache-Control") != "private, no-store" {
			t.Errorf("the stop's answer may be cached: %q", w.Header().Get("Cache-Control"))
		}
		return a
	}
	// The first steps and a Yes to saddle numbness: an emergency, stored,
	// with the rest of the wizard still unanswered.
	partial := url.Values{"age": {"40"}, "regions": {"lumbar_left"}, "symptom.saddle_numbness": {"yes"}}
	a := stop(partial)
	if !a.Emergency || !strings.HasPrefix(a.Location, "/r/") {
		t.Fatalf("saddle numbness so far: %+v", a)
	}
	if w := do(h, "GET", a.Location, nil); w.Code != 200 || !strings.Contains(w.Body.String(), `data-disposition="emergency"`) {
		t.Fatalf("the stored stop is not the emergency result page: %d", w.Code)
	}
	// Answers so far that are not an emergency store nothing and say so.
	for _, v := range []url.Values{
		{"age": {"40"}, "regions": {"lumbar_left"}},
		{"age": {"40"}, "regions": {"lumbar_left"}, "symptom.fever": {"yes"}},          // urgent: finish the step
		{"age": {"40"}, "regions": {"lumbar_left"}, "symptom.saddle_numbness": {"no"}}, // a No is no reason
	} {
		if a := stop(v); a.Emergency || a.Location != "" {
			t.Errorf("%v: %+v", v, a)
		}
	}
	// The age not given yet: still an emergency, shown without a link.
	if a := stop(url.Values{"symptom.bowel_incontinence": {"yes"}}); !a.Emergency || a.Location != "" {
		t.Errorf("no age yet: %+v", a)
	}

	// Without JavaScript: the form sent with most answers missing goes to
	// the emergency, not back to the questions.
	w := do(h, "POST", "/check", partial)
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/r/") {
		t.Fatalf("POST /check with an emergency answer and answers missing = %d %s", w.Code, w.Header().Get("Location"))
	}
	w = do(h, "POST", "/check", url.Values{"age": {"thirty"}, "symptom.chest_pain": {"yes"}})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `data-disposition="emergency"`) {
		t.Fatalf("an emergency with the age refused = %d, not the emergency page", w.Code)
	}
	// Not an emergency: the questions again, with the problems.
	if w := do(h, "POST", "/check", url.Values{"age": {"40"}}); w.Code != http.StatusUnprocessableEntity {
		t.Errorf("answers missing, no emergency = %d", w.Code)
	}
}

// An article's title is shown once, not again as the text's first heading.
func TestArticleTitleOnce(t *testing.T) {
	h := newTestServer(t)
	body := do(h, "GET", "/articles/how-back-pain-usually-goes", nil).Body.String()
	if n := strings.Count(body, "How back pain usually goes</h1>"); n != 1 {
		t.Errorf("the title is shown %d times as a heading", n)
	}
}

// Onset: a number with no unit under 48 is hours (a knot 20 hours old
// keeps its ice advice); 48 or more asks for the unit.
func TestOnsetWithoutUnit(t *testing.T) {
	now := time.Date(2026, 11, 30, 13, 0, 0, 0, time.UTC)
	f := newForm(url.Values{"onset_mode": {"ago"}, "onset_ago": {"20"}})
	if got := f.onset(now, "UTC"); got == nil || now.Sub(*got) != 20*time.Hour {
		t.Errorf("20 with no unit: %v", got)
	}
	f = newForm(url.Values{"onset_mode": {"ago"}, "onset_ago": {"60"}})
	if got := f.onset(now, "UTC"); got != nil || f.Err("onset_ago") != "Choose hours, days or weeks." {
		t.Errorf("60 with no unit: %v %q", got, f.Err("onset_ago"))
	}
}
