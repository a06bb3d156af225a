package main

import (
	"strings"
	"testing"
)

// TestResearchExportDeidentified: the clinic's de-identified exports of
// the demo name nobody and carry none of the real dates; the identified
// ones do.
func TestResearchExportDeidentified(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	w, actors, _, clinic := demoWorld(t, Config{}, "admin")
	for _, ds := range []string{"assessments", "checkins", "outcomes"} {
		ident := string(w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/research/"+ds+"?format=csv", nil, 200))
		deid := string(w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/research/"+ds+"?format=csv&deidentified=true", nil, 200))
		if !strings.Contains(ident, "@demo.example") || strings.Count(ident, "\n") < 2 {
			t.Errorf("%s identified: %.300s", ds, ident)
		}
		if strings.Count(deid, "\n") != strings.Count(ident, "\n") {
			t.Errorf("%s: %d de-identified rows, %d identified", ds, strings.Count(deid, "\n"), strings.Count(ident, "\n"))
		}
		for _, leak := range append([]string{"@demo.example", "Jordan Lee", "Priya Shah", "T0", "T1", "T2"}, demoNames...) {
			if strings.Contains(deid, leak) {
				t.Errorf("%s de-identified holds %q", ds, leak)
			}
		}
		nd := string(w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/research/"+ds+"?format=ndjson&deidentified=true", nil, 200))
		if strings.Count(nd, "\n") != strings.Count(ident, "\n")-1 || strings.Contains(nd, "@demo.example") {
			t.Errorf("%s NDJSON: %.200s", ds, nd)
		}
	}
	w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/research/names", nil, 422)
}
