package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

func TestPlanAPI(t *testing.T) {
	m := startMain(t, Config{})
	selfCare := `{"at": "2026-11-24T09:00:00Z", "tz": "Europe/London", "age": 30,
		"onset": "2026-11-23T13:00:00Z", "regions": ["flank_left"],
		"pain": {"now": 4, "worst_24h": 5}, "symptoms": ["tight_band", "tender_spot"],
		"interference": {"sleep": false, "activity": 2}, "self_care": {"weeks": 0}}`
	status, body := assessAPI(t, m.URL(), selfCare)
	if status != 201 {
		t.Fatalf("POST = %d %s", status, body)
	}
	var res contractResult
	json.Unmarshal(body, &res)
	if res.Disposition != "self_care" {
		t.Fatalf("disposition = %s; this case should be self-care", res.Disposition)
	}

	code, planJSON := get(t, m.URL()+"/api/v1/assessments/"+res.ID+"/plan")
	if code != 200 {
		t.Fatalf("plan = %d %s", code, planJSON)
	}
	var p struct {
		TZ       string `json:"tz"`
		ColdHeat struct {
			Switch string `json:"switch"`
		} `json:"cold_heat"`
		Days []json.RawMessage `json:"days"`
	}
	if err := json.Unmarshal([]byte(planJSON), &p); err != nil {
		t.Fatal(err)
	}
	if p.TZ != "Europe/London" || len(p.Days) < 14 {
		t.Fatalf("plan tz %q with %d days", p.TZ, len(p.Days))
	}
	if !strings.HasPrefix(p.ColdHeat.Switch, "2026-11-25T13:00:00") {
		t.Fatalf("switch = %q; want onset + 48 h (2026-11-25T13:00:00Z)", p.ColdHeat.Switch)
	}
	if code, body := get(t, m.URL()+"/api/v1/assessments/"+res.ID+"/plan?tz=America/New_York"); code != 200 || !strings.Contains(body, `"tz":"America/New_York"`) {
		t.Fatalf("plan ?tz= = %d", code)
	}
	if code, body := get(t, m.URL()+"/api/v1/assessments/"+res.ID+"/plan?tz=Nowhere/Land"); code != 422 || !strings.Contains(body, `"field":"tz"`) {
		t.Fatalf("plan ?tz=bad = %d %s; want 422 naming tz", code, body)
	}

	resp, err := http.Get(m.URL() + "/api/v1/assessments/" + res.ID + "/plan.ics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("plan.ics = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(resp.Body)
	if err != nil {
		t.Fatalf("parsing the calendar: %v", err)
	}
	if len(cal.Events()) < 3 {
		t.Fatalf("calendar has %d events", len(cal.Events()))
	}

	emergency := `{"at": "2026-11-24T09:00:00Z", "age": 50, "regions": ["lumbar_center"], "symptoms": ["saddle_numbness"]}`
	_, body = assessAPI(t, m.URL(), emergency)
	json.Unmarshal(body, &res)
	if res.Disposition != "emergency" {
		t.Fatalf("saddle numbness gave %s", res.Disposition)
	}
	if code, body := get(t, m.URL()+"/api/v1/assessments/"+res.ID+"/plan"); code != 409 {
		t.Fatalf("plan for an emergency = %d %s; want 409", code, body)
	}
}

func TestLibraryAPI(t *testing.T) {
	m := startMain(t, Config{})
	code, body := get(t, m.URL()+"/api/v1/exercises")
	var list struct {
		Exercises []struct {
			ID string `json:"id"`
		} `json:"exercises"`
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || code != 200 || len(list.Exercises) < 30 {
		t.Fatalf("exercises = %d, %d items, %v", code, len(list.Exercises), err)
	}
	if code, _ := get(t, m.URL()+"/api/v1/exercises/"+list.Exercises[0].ID); code != 200 {
		t.Fatalf("one exercise = %d", code)
	}
	if code, _ := get(t, m.URL()+"/api/v1/exercises/no-such"); code != 404 {
		t.Fatalf("unknown exercise = %d", code)
	}
	code, body = get(t, m.URL()+"/api/v1/articles")
	var arts struct {
		Articles []struct {
			ID string `json:"id"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(body), &arts); err != nil || code != 200 || len(arts.Articles) < 12 {
		t.Fatalf("articles = %d, %d items", code, len(arts.Articles))
	}
	if code, body := get(t, m.URL()+"/api/v1/articles/"+arts.Articles[0].ID); code != 200 || !strings.Contains(body, `"html"`) {
		t.Fatalf("one article = %d", code)
	}
	if code, body := get(t, m.URL()+"/api/v1/exercises?q=piriformis"); code != 200 || !strings.Contains(body, "piriformis") {
		t.Fatalf("search = %d %s", code, body)
	}
}
