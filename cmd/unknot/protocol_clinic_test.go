package main

import (
	"encoding/json"
	"strings"
	"testing"

	"unknot/content"
	"unknot/internal/postgres/pgtest"
	"unknot/internal/protocol"
)

// clinicRule is a rule a clinic adds to the default protocol: long
// sitting days send a person to be seen.
const clinicRule = `  - id: clinic.long-sitting
    when: 'lifestyle.sitting_hours >= 10'
    disposition: see_clinician
    sign: Sitting ten hours or more a day.
    text: >
      You sit for ten hours or more most days. Our clinic likes to see you
      about this, to plan breaks and a better set-up.
    sources:
      - "NICE NG59: Low back pain and sciatica in over 16s"

`

// clinicCases are the clinic's own test cases for clinicRule.
const clinicCases = `[{"name": "sits 11 hours", "disposition": "see_clinician",
  "input": {"at": "2026-11-24T09:00:00Z", "age": 35, "regions": ["lumbar_left"], "onset": "2026-11-20T09:00:00Z",
    "self_care": {"trend": "better"}, "lifestyle": {"sitting_hours": 11}}}]`

// clinicProtocol is the default protocol as a clinic's version: with
// clinicRule when add, and the given version.
func clinicProtocol(t testing.TB, version string, add bool) string {
	t.Helper()
	b, err := content.Protocols.ReadFile(protocol.DefaultFile)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(b), `version: "2026.2.0"`, `version: "`+version+`"`, 1)
	if add {
		s = strings.Replace(s, "\nrules:\n", "\nrules:\n"+clinicRule, 1)
	}
	return s
}

// loweredProtocol is the default protocol with saddle numbness lowered
// below the clinical floor.
func loweredProtocol(t testing.TB) string {
	t.Helper()
	b, _ := content.Protocols.ReadFile(protocol.DefaultFile)
	for _, c := range protocol.FloorCases() {
		if c.Name == "saddle numbness" {
			low, err := protocol.LowerFor(b, c)
			if err != nil {
				t.Fatal(err)
			}
			return strings.Replace(string(low), `version: "2026.2.0"`, `version: "2026.2.0-lowered"`, 1)
		}
	}
	t.Fatal("no floor case for saddle numbness")
	return ""
}

// TestClinicProtocol: a clinic's admin uploads a protocol that lowers a
// red flag (refused, the rule named), then one that adds a rule (the diff
// shows it, the clinic's case runs), activates it; a patient's new
// assessment records the clinic's version; a second version is activated
// and the first restored. On both engines.
func TestClinicProtocolSQLite(t *testing.T) { runClinicProtocol(t, Config{}) }

func TestClinicProtocolPostgres(t *testing.T) {
	runClinicProtocol(t, Config{DatabaseURL: pgtest.URL(t)})
}

func runClinicProtocol(t *testing.T, cfg Config) {
	m := startMain(t, cfg)
	w := buildWorld(t, m)
	admin, patient := w.actors["admin1"], w.actors["patientA"]
	base := "/api/v1/clinics/" + w.clinics["C1"] + "/protocols"

	resp, b := w.do(admin, "POST", base, map[string]any{"protocol": loweredProtocol(t)})
	if resp.StatusCode != 422 || !strings.Contains(string(b), "redflag.cauda-equina.saddle-numbness") || !strings.Contains(string(b), "saddle numbness must lead to emergency") {
		t.Fatalf("a protocol lowering saddle numbness = %d %s; want 422 naming the rule", resp.StatusCode, b)
	}
	if resp, b := w.do(w.actors["therapist1"], "POST", base, map[string]any{"protocol": clinicProtocol(t, "c1.1", true)}); resp.StatusCode != 403 {
		t.Fatalf("a therapist uploading = %d %s; want 403", resp.StatusCode, b)
	}

	var v struct {
		Changes []struct {
			Kind, ID string
			New      struct{ Text string }
		}
		Results []struct {
			Case    string
			Passed  bool
			Default bool
		}
		Passed bool
	}
	json.Unmarshal(w.must(admin, "POST", base, map[string]any{"protocol": clinicProtocol(t, "c1.1", true), "cases": json.RawMessage(clinicCases)}, 201), &v)
	if len(v.Changes) != 1 || v.Changes[0].Kind != "added" || v.Changes[0].ID != "clinic.long-sitting" || !strings.Contains(v.Changes[0].New.Text, "ten hours") {
		t.Fatalf("the diff = %+v; want the one added rule with its text", v.Changes)
	}
	own, defaults := 0, 0
	for _, r := range v.Results {
		if r.Default {
			defaults++
		} else if r.Case == "sits 11 hours" && r.Passed {
			own++
		}
	}
	if !v.Passed || own != 1 || defaults < 80 {
		t.Fatalf("test cases: passed %v, own %d, default %d", v.Passed, own, defaults)
	}
	// Not in force until activated: a new assessment still uses the default.
	assess := func() (string, string) {
		var res struct {
			Disposition string
			Protocol    struct{ Version string }
		}
		json.Unmarshal(w.must(patient, "POST", "/api/v1/assessments", json.RawMessage(
			`{"age": 35, "regions": ["lumbar_left"], "self_care": {"trend": "better"}, "lifestyle": {"sitting_hours": 11}}`), 201), &res)
		return res.Disposition, res.Protocol.Version
	}
	if d, ver := assess(); ver != "2026.2.0" || d != "self_care" {
		t.Fatalf("before activation: %s with %s", d, ver)
	}
	w.must(admin, "POST", base+"/c1.1/activate", nil, 204)
	if d, ver := assess(); ver != "c1.1" || d != "see_clinician" {
		t.Fatalf("after activation: %s with %s; want see_clinician with c1.1", d, ver)
	}
	// Another clinic's patients keep the default.
	var other struct{ Protocol struct{ Version string } }
	json.Unmarshal(w.must(w.actors["patientB"], "POST", "/api/v1/assessments", json.RawMessage(`{"age": 35, "regions": ["lumbar_left"]}`), 201), &other)
	if other.Protocol.Version != "2026.2.0" {
		t.Fatalf("C2's patient assessed with %s", other.Protocol.Version)
	}
	// A second version in force, then the first restored.
	w.must(admin, "POST", base, map[string]any{"protocol": clinicProtocol(t, "c1.2", false)}, 201)
	w.must(admin, "POST", base+"/c1.2/activate", nil, 204)
	if d, ver := assess(); ver != "c1.2" || d != "self_care" {
		t.Fatalf("with c1.2: %s with %s", d, ver)
	}
	w.must(admin, "POST", base+"/c1.1/activate", nil, 204)
	if d, ver := assess(); ver != "c1.1" || d != "see_clinician" {
		t.Fatalf("after restoring c1.1: %s with %s", d, ver)
	}
	var list struct {
		ActiveVersion string `json:"active_version"`
		Versions      []struct {
			Version     string
			Active      bool
			ActivatedBy string `json:"activated_by"`
		}
	}
	json.Unmarshal(w.must(admin, "GET", base, nil, 200), &list)
	if list.ActiveVersion != "c1.1" || len(list.Versions) != 2 {
		t.Fatalf("versions: %+v", list)
	}
	for _, pv := range list.Versions {
		if pv.Version == "c1.1" && (!pv.Active || pv.ActivatedBy != w.userIDs["admin1"] && w.userIDs["admin1"] != "") {
			t.Fatalf("c1.1's activation is not recorded: %+v", pv)
		}
	}
	// The same version twice is refused.
	if resp, _ := w.do(admin, "POST", base, map[string]any{"protocol": clinicProtocol(t, "c1.1", true)}); resp.StatusCode != 409 {
		t.Fatalf("uploading c1.1 again = %d; want 409", resp.StatusCode)
	}
}
