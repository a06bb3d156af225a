package readability

import (
	"math"
	"testing"
)

func TestSyllables(t *testing.T) {
	words := map[string]int{
		"cat": 1, "the": 1, "stretch": 1, "stretches": 2, "make": 1, "takes": 1,
		"table": 2, "muscle": 2, "muscles": 2, "while": 1, "jumped": 1,
		"wanted": 2, "needed": 2, "played": 1, "tried": 1, "boxes": 2,
		"places": 2, "changes": 2, "bodies": 2, "yellow": 2, "happy": 2,
		"safely": 2, "gently": 2, "doing": 2, "going": 2, "seeing": 2,
		"playing": 2, "position": 3, "station": 2, "radio": 3, "area": 3,
		"knees": 1, "free": 1, "water": 2, "breathing": 2, "exercise": 3,
		"exercises": 4, "posture": 2, "tension": 2, "physical": 3,
		"therapist": 3, "professional": 4, "relax": 2, "shoulder": 2,
		"minutes": 2, "hydration": 3, "comfortable": 4, "pressure": 2,
		"release": 2, "lying": 2, "trial": 2, "period": 3, "hip": 1,
		"tingling": 2, "numbness": 2, "daily": 2, "every": 2, "pain": 1,
		"movement": 2, "careful": 2, "bottom": 2, "knot": 1, "knots": 1,
		"heat": 1, "ice": 1, "gentle": 2, "slowly": 2, "spine": 1,
		"lower": 2, "back": 1, "sleep": 1, "water's": 2, "don't": 1,
		"yes": 1, "gym": 1, "science": 2, "realise": 3, "create": 2,
		"usually": 4, "feel": 1, "felt": 1, "tight": 1, "tender": 2,
		"spasm": 2, "settled": 2, "handled": 2, "alarm": 2, "again": 2, "because": 2, "something": 2,
	}
	wrong := 0
	for w, want := range words {
		if got := Syllables(w); got != want {
			wrong++
			t.Logf("Syllables(%q) = %d, want %d", w, got, want)
		}
	}
	// A heuristic counter: allow a few misses, none on this list today.
	if wrong > len(words)/50 {
		t.Errorf("%d of %d words wrong", wrong, len(words))
	}
}

func TestCountPlainText(t *testing.T) {
	got := Count("The cat sat on the mat. The dog ran!")
	want := Stats{Words: 9, Sentences: 2, Syllables: 9}
	if got != want {
		t.Fatalf("Count = %+v, want %+v", got, want)
	}
	// 0.39 × 4.5 + 11.8 × 1 − 15.59
	if g := got.Grade(); math.Abs(g-(-2.035)) > 1e-9 {
		t.Errorf("Grade = %v", g)
	}
}

func TestMarkdownBlocks(t *testing.T) {
	md := "---\ntitle: x\n---\n# A heading\n\nSome **bold** and a [link](http://x.org) here.\nStill the same\nparagraph.\n\n- one item\n- two items\n1. numbered\n"
	got := Blocks(md)
	want := []string{"A heading", "Some bold and a link here. Still the same paragraph.", "one item", "two items", "numbered"}
	if len(got) != len(want) {
		t.Fatalf("Blocks = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %q, want %q", i, got[i], want[i])
		}
	}
	// Headings and list items are sentences of their own.
	if s := Count(md); s.Sentences != 6 {
		t.Errorf("sentences = %d, want 6 (%+v)", s.Sentences, s)
	}
}

// The Markdown the parser reads differently from plain text: references
// and escapes are the characters they stand for, a tag is not read, fenced
// code and HTML blocks are not prose, and indented lines are.
func TestMarkdownEdges(t *testing.T) {
	md := "Heat &amp; ice \\*help\\* <b>most</b> people.\n\n```\nrm -rf /\n```\n\n<div>\nhidden\n</div>\n\n    An indented line.\n\nSee <https://nhs.uk>.\n"
	got := Blocks(md)
	want := []string{"Heat & ice *help* most people.", "An indented line.", "See https://nhs.uk."}
	if len(got) != len(want) {
		t.Fatalf("Blocks = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("block %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestNumbersAndJoiners(t *testing.T) {
	s := Count("Hold for 2.5 minutes. Don't stop.")
	if s.Words != 6 || s.Sentences != 2 {
		t.Errorf("Count = %+v, want 6 words in 2 sentences", s)
	}
}

func TestKnownPassages(t *testing.T) {
	cases := []struct {
		name     string
		text     string
		min, max float64
	}{
		// Simple, short sentences: early primary school.
		{"simple", "Sit on a chair. Put your feet flat on the floor. Take a slow breath in. Let it out.", -2, 2},
		// A dense academic sentence scores well past grade 12.
		{"academic", "Myofascial trigger points are hyperirritable locations within taut bands of skeletal muscle that produce characteristic referred pain patterns upon compression, and their physiological mechanisms remain controversial among investigators.", 18, 30},
		// Typical plain health advice: grade 5 to 9.
		{"plain", "Keep moving as much as you can. Short walks help the muscles relax. If the pain gets worse, or you feel numb, stop and check again.", 0, 6},
	}
	for _, c := range cases {
		g := Grade(c.text)
		if g < c.min || g > c.max {
			t.Errorf("%s: Grade = %.2f, want between %v and %v (%+v)", c.name, g, c.min, c.max, Count(c.text))
		}
	}
}

func TestEmpty(t *testing.T) {
	if Grade("") != 0 || Grade("  ") != 0 {
		t.Error("empty text should grade 0")
	}
}
