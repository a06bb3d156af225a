package protocol

import (
	"errors"
	"strings"
	"testing"

	"unknot/internal/clinical"
)

// TestFloorRefusesEachLowering builds, for every floor case, the default
// protocol with the rules that reach that case moved one step below its
// minimum, and expects Check to name the case and Load to refuse the file.
// One subtest per row of REFERENCE §1 and §1b that the floor covers.
func TestFloorRefusesEachLowering(t *testing.T) {
	base := []byte(defaultFile(t))
	for _, c := range FloorCases() {
		t.Run(c.Name, func(t *testing.T) {
			lowered, err := LowerFor(base, c)
			if err != nil {
				t.Fatal(err)
			}
			if string(lowered) == string(base) {
				t.Fatal("nothing was lowered")
			}
			want := c.Name + " must lead to " + string(c.Min) + " or higher"
			found := false
			for _, f := range Check(lowered) {
				found = found || strings.Contains(f.Problem, want)
			}
			if !found {
				t.Errorf("Check(lowered) does not say %q", want)
			}
			var ce *CheckError
			if p, err := Load(lowered); p != nil || !errors.As(err, &ce) {
				t.Errorf("Load(lowered) = %v, %v; want a *CheckError", p, err)
			}
		})
	}
}

// TestFloorCoversTheReference checks that every row of REFERENCE §1 and
// §1b has floor cases, each case names its row, and the default protocol
// gives each case its minimum or more.
func TestFloorCoversTheReference(t *testing.T) {
	rows := []string{rowCauda, rowDeficit, rowWeakness, rowTrauma, rowVascular, rowInfection,
		rowSteroids, rowNoFever, rowCancer, rowCancerWeak, rowMonth, rowSeveral, rowFracture,
		rowFractureSex, rowInflammatory, rowRadicular, rowSeed, rowPersistent, rowHomeCare,
		rowUnder16, rowPregnancy, rowUrine}
	seen := map[string]int{}
	names := map[string]bool{}
	p := Default()
	for _, c := range FloorCases() {
		seen[c.Row]++
		if names[c.Name] {
			t.Errorf("floor case %q is named twice", c.Name)
		}
		names[c.Name] = true
		in := c.Input()
		f := NewFacts(&in, *in.At)
		if d := p.Disposition(p.Match(&f, nil)); d.Rank() < c.Min.Rank() {
			t.Errorf("%s: default protocol gives %s, below %s", c.Name, d, c.Min)
		}
	}
	for _, r := range rows {
		if seen[r] == 0 {
			t.Errorf("no floor case for REFERENCE row %q", r)
		}
	}
	if len(seen) != len(rows) {
		t.Errorf("floor cases name %d rows, the list has %d", len(seen), len(rows))
	}
	t.Logf("%d floor cases over %d rows", len(FloorCases()), len(rows))
}

// TestFloorBaseIsSelfCare: the base every case starts from is plain back
// pain, which must stay self-care, so that each case tests its own answers.
func TestFloorBaseIsSelfCare(t *testing.T) {
	p := Default()
	in := floorBase()
	f := NewFacts(&in, floorTime)
	if d := p.Disposition(p.Match(&f, nil)); d != clinical.SelfCareOnly {
		t.Errorf("floor base gives %s", d)
	}
}
