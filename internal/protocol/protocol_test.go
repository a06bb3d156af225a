package protocol

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"unknot/content"
	"unknot/internal/clinical"
)

func defaultFile(t testing.TB) string {
	t.Helper()
	b, err := content.Protocols.ReadFile(DefaultFile)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestDefaultLoads(t *testing.T) {
	if f := Check([]byte(defaultFile(t))); len(f) > 0 {
		t.Fatalf("default protocol has findings: %v", f)
	}
	p := Default()
	ref := p.Ref()
	if ref.ID != "unknot-default" || ref.Version == "" || !strings.HasPrefix(ref.Digest, "sha256:") || len(ref.Digest) != 71 {
		t.Errorf("Ref() = %+v", ref)
	}
	if p.Default.ID != "seed.self-care" || p.Default.Disposition != clinical.SelfCareOnly || len(p.Default.Sources) == 0 {
		t.Errorf("default reason = %+v", p.Default)
	}
	if Default() != p {
		t.Error("Default() loads the protocol more than once")
	}
	for _, id := range []string{"seed.sleep-and-activity", "seed.hard-lump", "seed.home-care-not-working",
		"scope.under-16", "redflag.cauda-equina.saddle-numbness", "seed.self-care"} {
		if !slices.ContainsFunc(append(p.Rules, p.Default), func(r Rule) bool { return r.ID == id }) {
			t.Errorf("default protocol has no rule %s", id)
		}
	}
	for _, r := range p.Rules {
		if len(r.Sources) == 0 || r.Text == "" || r.Line == 0 {
			t.Errorf("rule %s lacks sources, text or line", r.ID)
		}
	}
}

// TestCheckRejects edits the default protocol in one way each and expects
// Check to name the problem, and Load to refuse the file.
func TestCheckRejects(t *testing.T) {
	base := defaultFile(t)
	tests := []struct {
		name, old, new string
		want           string // in some finding's text
	}{
		{"type error", `when: 'age < 16'`, `when: 'age >= "65"'`, "no matching overload"},
		{"unknown word", `when: '"saddle_numbness" in symptoms'`, `when: '"sadle_numbness" in symptoms'`, `"sadle_numbness" is not a symptoms word (did you mean "saddle_numbness"?)`},
		{"unknown word in has_any", `has_any(symptoms, ["numbness", "tingling"])`, `has_any(symptoms, ["numbness", "tingle"])`, `"tingle" is not a symptoms word`},
		{"unknown word for sex", `(sex == "female" && age > 75) || (sex != "female" && age > 65)) &&
      ("minor_strain"`, `(sex == "woman" && age > 75) || (sex != "female" && age > 65)) &&
      ("minor_strain"`, `"woman" is not a sex word`},
		{"unknown trend", `when: 'self_care.trend == "worse"'`, `when: 'self_care.trend == "worst"'`, `"worst" is not a self_care.trend word`},
		{"word from another list", `when: '"leg_below_knee" in radiation'`, `when: '"leg_below_knee" in symptoms'`, `"leg_below_knee" is not a symptoms word`},
		{"unknown variable", `when: 'age < 16'`, `when: 'years < 16'`, "undeclared reference to 'years'"},
		{"not a condition", `when: 'age < 16'`, `when: 'age'`, "must be true or false"},
		{"unsupported", `when: 'age < 16'`, `when: 'age < 16 ? true : false'`, "not supported"},
		{"arithmetic", `when: 'age < 16'`, `when: 'age + 1 < 17'`, "not supported"},
		{"duplicate id", "id: seed.growing-lump", "id: seed.hard-lump", "is used twice"},
		{"no source", "    sources:\n      - \"unknot scope: self-care plans are for people aged 16 and over\"\n      - \"NICE NG59: Low back pain and sciatica in over 16s\"\n", "", "at least one source"},
		{"empty sources", "    sources: *seed\n\n  - id: seed.persistent-lump", "    sources: []\n\n  - id: seed.persistent-lump", "at least one source"},
		{"no text", "    text: >\n      You have swollen glands. A doctor should check why.\n", "", "text: is required"},
		{"bad disposition", "    when: 'age < 16'\n    disposition: see_clinician", "    when: 'age < 16'\n    disposition: soon", `"soon" is not one of`},
		{"unknown rule field", "    when: 'age < 16'\n", "    when: 'age < 16'\n    colour: red\n", "colour: is not a known field"},
		{"no version", `version: "2026.2.0"`, ``, "version: is required"},
		{"lowered red flag", "    when: '\"saddle_numbness\" in symptoms'\n    disposition: emergency", "    when: '\"saddle_numbness\" in symptoms'\n    disposition: urgent", "saddle numbness must lead to emergency or higher; this protocol gives urgent"},
		{"always true", `when: 'age < 16'`, `when: 'age < 160'`, "plain low back pain"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("the default protocol no longer holds %q", tt.old)
			}
			data := []byte(strings.Replace(base, tt.old, tt.new, 1))
			findings := Check(data)
			found := false
			for _, f := range findings {
				if strings.Contains(f.String(), tt.want) {
					found = true
				}
			}
			if !found {
				t.Errorf("findings %v do not mention %q", findings, tt.want)
			}
			p, err := Load(data)
			var ce *CheckError
			if p != nil || !errors.As(err, &ce) {
				t.Errorf("Load = %v, %v; want a *CheckError", p, err)
			}
		})
	}
}

func TestCheckUnreachable(t *testing.T) {
	base := defaultFile(t)
	data := strings.ReplaceAll(base, "disposition: emergency", "disposition: urgent")
	found := false
	for _, f := range Check([]byte(data)) {
		if strings.Contains(f.Problem, "no rule leads to emergency") {
			found = true
		}
	}
	if !found {
		t.Error("a protocol without an emergency rule was not reported")
	}
}

func TestCheckBadFiles(t *testing.T) {
	for _, body := range []string{"", "[1, 2]", "id: x\n", "{{", "id: x\nversion: 1\ntitle: t\nrules: []\ndefault: {}\n"} {
		if len(Check([]byte(body))) == 0 {
			t.Errorf("Check(%q) found nothing", body)
		}
	}
}

func TestFindingString(t *testing.T) {
	f := Finding{Line: 12, Rule: "seed.hard-lump", Field: "when", Problem: "is required"}
	if got, want := f.String(), "line 12: rule seed.hard-lump: when: is required"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	err := &CheckError{Findings: []Finding{f, f}}
	if strings.Contains(err.Error(), "\n") {
		t.Error("CheckError is not one line")
	}
}
