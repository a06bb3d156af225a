package protocol

import (
	"strings"
	"testing"
)

func TestDiff(t *testing.T) {
	base := defaultFile(t)
	old := Default()
	added := strings.Replace(base, "\nrules:\n", `
rules:
  - id: clinic.long-sitting
    when: 'lifestyle.sitting_hours >= 10'
    disposition: see_clinician
    sign: Sitting ten hours or more a day.
    text: You sit for ten hours or more most days. We would like to see you.
    sources: ["NICE NG59: Low back pain and sciatica in over 16s"]
`, 1)
	// One rule's text changed, one rule added.
	edited := strings.Replace(added, "This must be checked in hospital within hours.", "Go to hospital now.", 1)
	next, err := Load([]byte(edited))
	if err != nil {
		t.Fatal(err)
	}
	got := Diff(old, next)
	if len(got) != 2 {
		t.Fatalf("Diff = %+v; want one added, one changed", got)
	}
	if got[0].Kind != "added" || got[0].ID != "clinic.long-sitting" || got[0].New == nil || got[0].Old != nil || !strings.Contains(got[0].New.Text, "ten hours") {
		t.Errorf("added = %+v", got[0])
	}
	if got[1].Kind != "changed" || got[1].ID != "redflag.cauda-equina.saddle-numbness" || len(got[1].Fields) != 1 || got[1].Fields[0] != "text" ||
		!strings.Contains(got[1].Old.Text, "within hours") || !strings.Contains(got[1].New.Text, "Go to hospital now") {
		t.Errorf("changed = %+v", got[1])
	}
	if back := Diff(next, old); len(back) != 2 || back[1].Kind != "removed" || back[1].ID != "clinic.long-sitting" {
		t.Errorf("the way back = %+v; want the rule removed", back)
	}
	if same := Diff(old, old); len(same) != 0 {
		t.Errorf("Diff of a protocol with itself = %+v", same)
	}
}

func TestLoweredNamesTheRule(t *testing.T) {
	data := []byte(defaultFile(t))
	for _, c := range FloorCases() {
		if c.Name != "saddle numbness" {
			continue
		}
		low, err := LowerFor(data, c)
		if err != nil {
			t.Fatal(err)
		}
		found := Lowered(Default(), low)
		named := false
		for _, f := range found {
			if f.Rule == "redflag.cauda-equina.saddle-numbness" && strings.Contains(f.Problem, "lowered from emergency to urgent") && f.Line > 0 {
				named = true
			}
		}
		if !named {
			t.Fatalf("Lowered = %+v; want the saddle numbness rule named, with its line", found)
		}
		if len(Check(low)) == 0 {
			t.Fatal("the lowered protocol passes the checks")
		}
		if again := Lowered(Default(), data); len(again) != 0 {
			t.Fatalf("the default lowers nothing of itself: %+v", again)
		}
		return
	}
	t.Fatal("no floor case for saddle numbness")
}
