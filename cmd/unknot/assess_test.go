package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"unknot/internal/testclock"
)

// contractExample is the input printed in the assessment contract.
const contractExample = `{
  "at": "2026-11-24T09:00:00Z",
  "tz": "Europe/London",
  "age": 38,
  "sex": "female",
  "onset": "2026-11-22T18:00:00Z",
  "regions": ["lumbar_right", "iliac_crest_right"],
  "radiation": ["buttock"],
  "pain": {"now": 5, "worst_24h": 7},
  "lump": {"present": true, "hard": false, "mobile": false, "growing": false,
           "tender": true, "warm_red": false, "size_cm": 1.0, "weeks_present": 0},
  "symptoms": ["tight_band", "tender_spot", "stiffness"],
  "history": ["previous_episodes"],
  "interference": {"sleep": false, "activity": 4},
  "self_care": {"tried": ["stretching", "heat"], "weeks": 0, "trend": "same"},
  "triggers": ["prolonged_sitting", "stress"],
  "lifestyle": {"sitting_hours": 9, "active_days_per_week": 1, "stress": 7,
                "water_litres": 1.0, "sleep_hours": 6}
}`

// contractResult is the part of a result the contract fixes.
type contractResult struct {
	ID          string `json:"id"`
	Disposition string `json:"disposition"`
	Reasons     []struct {
		Rule        string   `json:"rule"`
		Disposition string   `json:"disposition"`
		Text        string   `json:"text"`
		Sources     []string `json:"sources"`
	} `json:"reasons"`
	Protocol struct {
		ID      string `json:"id"`
		Version string `json:"version"`
	} `json:"protocol"`
}

func (r contractResult) rules() []string {
	var out []string
	for _, x := range r.Reasons {
		out = append(out, x.Rule)
	}
	return out
}

// assessCLI runs `unknot assess` in process.
func assessCLI(t *testing.T, input string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), append([]string{"assess"}, args...), strings.NewReader(input), &out, &errb,
		func(string) string { return "" }, testclock.Fixed())
	return code, out.String(), errb.String()
}

// assessAPI posts input to a running server.
func assessAPI(t *testing.T, url, input string) (int, []byte) {
	t.Helper()
	resp, err := http.Post(url+"/api/v1/assessments", "application/json", strings.NewReader(input))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

func TestAssessContractExample(t *testing.T) {
	code, out, errOut := assessCLI(t, contractExample)
	if code != 0 {
		t.Fatalf("assess exit %d: %s", code, errOut)
	}
	var cli contractResult
	if err := json.Unmarshal([]byte(out), &cli); err != nil {
		t.Fatalf("CLI output is not JSON: %v\n%s", err, out)
	}
	if cli.Disposition == "" || len(cli.Reasons) == 0 || cli.Protocol.ID == "" || cli.Protocol.Version == "" {
		t.Fatalf("CLI result lacks contract fields: %s", out)
	}
	for _, r := range cli.Reasons {
		if r.Rule == "" || r.Text == "" || len(r.Sources) == 0 {
			t.Fatalf("reason without rule, text or sources: %+v", r)
		}
	}

	m := startMain(t, Config{})
	status, body := assessAPI(t, m.URL(), contractExample)
	if status != http.StatusCreated {
		t.Fatalf("POST = %d %s", status, body)
	}
	var api contractResult
	if err := json.Unmarshal(body, &api); err != nil {
		t.Fatal(err)
	}
	if api.ID == "" || len(api.ID) < 20 {
		t.Fatalf("id %q is not an unguessable id", api.ID)
	}
	if api.Disposition != cli.Disposition || strings.Join(api.rules(), ",") != strings.Join(cli.rules(), ",") {
		t.Fatalf("API %s %v differs from CLI %s %v", api.Disposition, api.rules(), cli.Disposition, cli.rules())
	}
	code2, stored := get(t, m.URL()+"/api/v1/assessments/"+api.ID)
	if code2 != 200 {
		t.Fatalf("GET stored = %d", code2)
	}
	var again contractResult
	if err := json.Unmarshal([]byte(stored), &again); err != nil || again.Disposition != api.Disposition || again.ID != api.ID {
		t.Fatalf("stored result differs: %s", stored)
	}
	if code, _ := get(t, m.URL()+"/api/v1/assessments/aaaaaaaaaaaaaaaaaaaaaaaaaa"); code != 404 {
		t.Fatalf("GET unknown id = %d; want 404", code)
	}
}

// badInputs are refusals in the contract's spirit, with the field each must name.
var badInputs = []struct {
	name, input, field string
	malformed          bool
}{
	{"misspelt red flag", `{"age": 40, "regions": ["lumbar_left"], "symptoms": ["sadle_numbness"]}`, "symptoms", false},
	{"pain 11", `{"age": 40, "regions": ["lumbar_left"], "pain": {"now": 11}}`, "pain.now", false},
	{"missing age", `{"regions": ["lumbar_left"]}`, "age", false},
	{"onset after at", `{"at": "2026-11-24T09:00:00Z", "onset": "2026-11-25T09:00:00Z", "age": 40, "regions": ["lumbar_left"]}`, "onset", false},
	{"onset in the future, no at", `{"onset": "2099-01-01T00:00:00Z", "age": 40, "regions": ["lumbar_left"]}`, "onset", false},
	{"no region", `{"age": 40, "regions": []}`, "regions", false},
	{"unknown field", `{"age": 40, "regions": ["lumbar_left"], "colour": "red"}`, "colour", false},
	{"unknown nested field", `{"age": 40, "regions": ["lumbar_left"], "pain": {"now": 3, "later": 2}}`, "pain.later", false},
	{"unknown tz", `{"age": 40, "regions": ["lumbar_left"], "tz": "Mars/Olympus"}`, "tz", false},
	{"broken JSON", `{"age": 40, "regions": [`, "", true},
}

func TestAssessRefusals(t *testing.T) {
	m := startMain(t, Config{})
	for _, tc := range badInputs {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := assessCLI(t, tc.input)
			if code != exitUsage || out != "" {
				t.Fatalf("CLI exit %d, stdout %q; want 2 and nothing", code, out)
			}
			if strings.Count(strings.TrimRight(errOut, "\n"), "\n") != 0 || !strings.Contains(errOut, tc.field) {
				t.Fatalf("CLI stderr %q: want one line naming %q", errOut, tc.field)
			}
			status, body := assessAPI(t, m.URL(), tc.input)
			if tc.malformed {
				if status != http.StatusBadRequest {
					t.Fatalf("API = %d %s; want 400", status, body)
				}
				return
			}
			if status != http.StatusUnprocessableEntity {
				t.Fatalf("API = %d %s; want 422", status, body)
			}
			var e struct {
				Problems []struct{ Field, Problem string } `json:"problems"`
			}
			if err := json.Unmarshal(body, &e); err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range e.Problems {
				if strings.HasPrefix(p.Field, tc.field) && p.Problem != "" {
					found = true
				}
			}
			if !found {
				t.Fatalf("problems %+v do not name %q", e.Problems, tc.field)
			}
		})
	}
}

func TestProtocolCheckCommand(t *testing.T) {
	var out, errb bytes.Buffer
	dir := t.TempDir()
	good := dir + "/good.yaml"
	bad := dir + "/bad.yaml"
	writeFile(t, good, defaultProtocolYAML(t))
	writeFile(t, bad, strings.Replace(defaultProtocolYAML(t), "sources:", "sourcez:", 1))
	if code := Run(context.Background(), []string{"protocol", "check", good}, nil, &out, &errb, func(string) string { return "" }, testclock.Fixed()); code != 0 {
		t.Fatalf("check default: exit %d: %s %s", code, out.String(), errb.String())
	}
	errb.Reset()
	if code := Run(context.Background(), []string{"protocol", "check", bad}, nil, io.Discard, &errb, func(string) string { return "" }, testclock.Fixed()); code != exitUsage {
		t.Fatalf("check broken protocol: exit %d; want 2", code)
	}
	// The edited protocol runs through assess --protocol.
	if code, _, errOut := assessCLI(t, contractExample, "--protocol", good); code != 0 {
		t.Fatalf("assess --protocol: exit %d: %s", code, errOut)
	}
}
