package library

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"unknot/internal/readability"
)

// maxGrade is the plain-language ceiling for everything a person reads
// (REFERENCE §7, PRODUCT.md part 7).
const maxGrade = 8.0

// TestReadability checks every article body, and every exercise's summary,
// steps and cautions, one piece at a time, and lists all offenders.
func TestReadability(t *testing.T) {
	lib := Default()
	type piece struct {
		name string
		text string
	}
	var pieces []piece
	for _, a := range lib.Articles() {
		pieces = append(pieces, piece{"article " + a.ID, a.Body}, piece{"article " + a.ID + " summary", a.Summary})
	}
	bullets := func(items []string) string { return "- " + strings.Join(items, "\n- ") }
	for _, e := range lib.Exercises() {
		pieces = append(pieces,
			piece{"exercise " + e.ID + " summary", e.Summary},
			piece{"exercise " + e.ID + " steps", bullets(e.Steps)},
			piece{"exercise " + e.ID + " cautions", bullets(append(e.Cautions, e.StopIf...))},
		)
	}
	var offenders []string
	worst := piece{}
	worstGrade := -100.0
	for _, p := range pieces {
		g := readability.Grade(p.text)
		if g > worstGrade {
			worst, worstGrade = p, g
		}
		if g > maxGrade {
			offenders = append(offenders, fmt.Sprintf("%s: grade %.1f", p.name, g))
		}
	}
	sort.Strings(offenders)
	if len(offenders) > 0 {
		t.Errorf("%d pieces above grade %.0f:\n%s", len(offenders), maxGrade, strings.Join(offenders, "\n"))
	}
	t.Logf("%d pieces; hardest: %s at grade %.1f", len(pieces), worst.name, worstGrade)
}
