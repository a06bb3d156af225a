package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"unknot/internal/postgres/pgtest"
)

const demoTestPassword = "demo-password-for-tests"

// demoWorld starts unknot on a new demo database and signs in the demo
// accounts named; it returns the world, the actors, their account ids and
// Demo Clinic's id.
func demoWorld(t *testing.T, cfg Config, names ...string) (*world, map[string]matrixActor, map[string]string, string) {
	t.Helper()
	cfg.Demo, cfg.DemoPassword = true, demoTestPassword
	m := startMainWith(t, cfg, func(m *Main) { m.Out = io.Discard })
	w := &world{t: t, url: m.URL()}
	actors, ids := map[string]matrixActor{}, map[string]string{}
	clinic := ""
	for _, n := range names {
		resp, b := w.do(matrixActor{}, "POST", "/api/v1/login", map[string]string{"email": n + "@demo.example", "password": demoTestPassword})
		if resp.StatusCode != 200 {
			t.Fatalf("login %s: %d %s", n, resp.StatusCode, b)
		}
		a := matrixActor{cookie: sessionOf(resp), user: n}
		actors[n] = a
		var me struct {
			ID      string
			Clinics []struct {
				ClinicID string `json:"clinic_id"`
			} `json:"clinics"`
		}
		json.Unmarshal(w.must(a, "GET", "/api/v1/me", nil, 200), &me)
		ids[n] = me.ID
		if len(me.Clinics) > 0 {
			clinic = me.Clinics[0].ClinicID
		}
	}
	return w, actors, ids, clinic
}

type exportedObservation struct {
	System, Code, Effective string
	Value                   float64
}

// observationsOf reads a Bundle's Observations by id.
func observationsOf(t *testing.T, bundle []byte) map[string]exportedObservation {
	t.Helper()
	var b struct {
		Entry []struct {
			Resource struct {
				Type              string `json:"resourceType"`
				Id                string `json:"id"`
				EffectiveDateTime string `json:"effectiveDateTime"`
				Code              struct {
					Coding []struct{ System, Code string }
				}
				ValueQuantity struct{ Value float64 }
			}
		}
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	out := map[string]exportedObservation{}
	for _, e := range b.Entry {
		r := e.Resource
		if r.Type == "Observation" {
			out[r.Id] = exportedObservation{System: r.Code.Coding[0].System, Code: r.Code.Coding[0].Code, Effective: r.EffectiveDateTime, Value: r.ValueQuantity.Value}
		}
	}
	return out
}

type importReport struct {
	Imported, Refused int
	Results           []struct {
		Resource string
		Imported bool
		Reason   string
	}
}

// TestFHIRRoundTrip: the clinic exports the demo patient, imports the
// Bundle, and every Observation comes back with its value, code and time;
// the rest of the Bundle is refused by name, each with its reason; a
// second import refuses the repeats and writes nothing.
func TestFHIRRoundTrip(t *testing.T) { fhirRoundTrip(t, Config{}) }

// TestFHIRRoundTripPostgres is the round trip on PostgreSQL: the import's
// queries and migration 0008 on the other engine.
func TestFHIRRoundTripPostgres(t *testing.T) { fhirRoundTrip(t, Config{DatabaseURL: pgtest.URL(t)}) }

func fhirRoundTrip(t *testing.T, cfg Config) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	w, actors, ids, clinic := demoWorld(t, cfg, "therapist", "patient1")
	patient := ids["patient1"]
	own := w.must(actors["patient1"], "GET", "/api/v1/me/fhir", nil, 200)
	bundle := w.must(actors["therapist"], "GET", "/api/v1/clinics/"+clinic+"/patients/"+patient+"/fhir", nil, 200)
	exported := observationsOf(t, bundle)
	if len(exported) == 0 || len(observationsOf(t, own)) < len(exported) {
		t.Fatalf("%d Observations for the clinic, %d for the person", len(exported), len(observationsOf(t, own)))
	}
	var rep importReport
	json.Unmarshal(w.must(actors["therapist"], "POST", "/api/v1/clinics/"+clinic+"/fhir/import", json.RawMessage(bundle), 200), &rep)
	for _, r := range rep.Results {
		kind, _, _ := strings.Cut(r.Resource, "/")
		if (kind == "Patient" || kind == "Observation") != r.Imported {
			t.Errorf("%s: imported %v (%s)", r.Resource, r.Imported, r.Reason)
		}
		if !r.Imported && !strings.Contains(r.Reason, "only Patient and Observation") {
			t.Errorf("%s refused for %q", r.Resource, r.Reason)
		}
	}
	var list struct {
		Patients []struct {
			SourceID     string `json:"source_id"`
			Observations []struct {
				SourceID  string `json:"source_id"`
				System    string
				Code      string
				Value     float64
				Effective string
			}
		}
	}
	json.Unmarshal(w.must(actors["therapist"], "GET", "/api/v1/clinics/"+clinic+"/imported-patients", nil, 200), &list)
	if len(list.Patients) != 1 || list.Patients[0].SourceID != patient {
		t.Fatalf("imported patients: %+v", list.Patients)
	}
	got := map[string]exportedObservation{}
	for _, o := range list.Patients[0].Observations {
		got[o.SourceID] = exportedObservation{System: o.System, Code: o.Code, Effective: o.Effective, Value: o.Value}
	}
	if len(got) != len(exported) {
		t.Errorf("%d Observations imported, %d exported", len(got), len(exported))
	}
	for id, want := range exported {
		if got[id] != want {
			t.Errorf("Observation %s: exported %+v, imported %+v", id, want, got[id])
		}
	}
	json.Unmarshal(w.must(actors["therapist"], "POST", "/api/v1/clinics/"+clinic+"/fhir/import", json.RawMessage(bundle), 200), &rep)
	if rep.Imported != 0 || !strings.Contains(rep.Results[0].Reason, "already imported") {
		t.Errorf("a second import: %d imported; first result %+v", rep.Imported, rep.Results[0])
	}
	t.Logf("round trip: %d Observations kept value, code and time", len(exported))
}

// TestFHIRImportOfficialExamples: HL7's example Patients and Observations
// import as NDJSON; the examples unknot cannot take are refused by name;
// nothing of a refused one is written.
func TestFHIRImportOfficialExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("seeding the demo is not short")
	}
	w, actors, _, clinic := demoWorld(t, Config{}, "admin")
	dir := "../../internal/fhir/testdata/hl7.fhir.r4.examples"
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	sort.Slice(files, func(i, j int) bool {
		return strings.Contains(files[i], "Observation") && !strings.Contains(files[j], "Observation")
	})
	var ndjson bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		ndjson.Write(compact.Bytes())
		ndjson.WriteByte('\n')
	}
	resp, body := w.doRaw(actors["admin"], "POST", "/api/v1/clinics/"+clinic+"/fhir/import", "application/fhir+ndjson", ndjson.Bytes())
	if resp.StatusCode != 200 {
		t.Fatalf("import = %d %s", resp.StatusCode, body)
	}
	var rep importReport
	json.Unmarshal(body, &rep)
	refused := map[string]string{}
	for _, r := range rep.Results {
		if !r.Imported {
			refused[r.Resource] = r.Reason
		}
	}
	want := map[string]string{"Observation/blood-pressure": "no numeric value", "Observation/f202": "entered-in-error", "Observation/f204": "no effective time"}
	if len(refused) != len(want) {
		t.Errorf("refused %v; want %v", refused, want)
	}
	for name, why := range want {
		if !strings.Contains(refused[name], why) {
			t.Errorf("%s: refused for %q, want %q", name, refused[name], why)
		}
	}
	if rep.Imported != 11 {
		t.Errorf("%d imported, want 4 Patients and 7 Observations: %+v", rep.Imported, rep.Results)
	}
	var list struct {
		Patients []struct {
			SourceID     string `json:"source_id"`
			Observations []struct {
				SourceID string `json:"source_id"`
			}
		}
	}
	json.Unmarshal(w.must(actors["admin"], "GET", "/api/v1/clinics/"+clinic+"/imported-patients", nil, 200), &list)
	n := 0
	for _, p := range list.Patients {
		for _, o := range p.Observations {
			n++
			if _, bad := want["Observation/"+o.SourceID]; bad {
				t.Errorf("refused %s was written", o.SourceID)
			}
		}
	}
	if len(list.Patients) != 4 || n != 7 {
		t.Errorf("%d patients, %d Observations stored; want 4 and 7", len(list.Patients), n)
	}
	// Not a FHIR import at all: 400 problem details.
	resp, body = w.doRaw(actors["admin"], "POST", "/api/v1/clinics/"+clinic+"/fhir/import", "application/fhir+json", []byte("  "))
	if resp.StatusCode != 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
		t.Errorf("an empty import = %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
}

// doRaw sends body as it is, under its own media type.
func (w *world) doRaw(a matrixActor, method, path, mediaType string, body []byte) (*http.Response, []byte) {
	w.t.Helper()
	req, _ := http.NewRequest(method, w.url+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", mediaType)
	if a.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "unknot_session", Value: a.cookie})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}
