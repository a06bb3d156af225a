package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestVignettesSameOnCLIAndAPI runs every triage vignette through both
// surfaces of the contract: each must give the vignette's disposition, and
// the CLI and the API must name the same rules.
func TestVignettesSameOnCLIAndAPI(t *testing.T) {
	files, err := filepath.Glob("../../internal/triage/testdata/vignettes/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no vignettes: %v", err)
	}
	m := startMain(t, Config{})
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var vs []struct {
			Name        string          `json:"name"`
			Disposition string          `json:"disposition"`
			Rules       []string        `json:"rules"`
			Input       json.RawMessage `json:"input"`
		}
		if err := json.Unmarshal(b, &vs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, v := range vs {
			n++
			code, out, errOut := assessCLI(t, string(v.Input))
			if code != 0 {
				t.Errorf("%s: CLI exit %d: %s", v.Name, code, errOut)
				continue
			}
			var cli, api contractResult
			if err := json.Unmarshal([]byte(out), &cli); err != nil {
				t.Fatal(err)
			}
			status, body := assessAPI(t, m.URL(), string(v.Input))
			if status != 201 {
				t.Errorf("%s: API %d %s", v.Name, status, body)
				continue
			}
			if err := json.Unmarshal(body, &api); err != nil {
				t.Fatal(err)
			}
			if cli.Disposition != v.Disposition || api.Disposition != v.Disposition {
				t.Errorf("%s: CLI %s, API %s; want %s", v.Name, cli.Disposition, api.Disposition, v.Disposition)
			}
			if !slices.Equal(cli.rules(), api.rules()) {
				t.Errorf("%s: CLI rules %v, API rules %v", v.Name, cli.rules(), api.rules())
			}
			for _, r := range v.Rules {
				if !slices.Contains(api.rules(), r) {
					t.Errorf("%s: rule %s missing from %s", v.Name, r, strings.Join(api.rules(), ", "))
				}
			}
		}
	}
	if n < 80 {
		t.Fatalf("only %d vignettes", n)
	}
	t.Logf("%d vignettes agree on CLI and API", n)
}
