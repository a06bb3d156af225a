package clinical

import (
	"errors"
	"strings"
	"testing"
)

// TestListsBoundedByVocabulary reproduces issue 17's first two findings: a
// list of 68,000 copies of one word was stored, and 520,000 wrong values
// gave 520,000 problems. A list can hold each word once: longer is one
// problem, repeats are kept once, and problems stay few.
func TestListsBoundedByVocabulary(t *testing.T) {
	long := `{"age": 30, "regions": [` + strings.Repeat(`"lumbar_left",`, 68000) + `"lumbar_left"]}`
	_, err := Decode([]byte(long))
	var ie *InputError
	if !errors.As(err, &ie) || ie.Malformed {
		t.Fatalf("68,000 regions: %v; want a 422 problem", err)
	}
	if len(ie.Problems) != 1 || ie.Problems[0].Field != "regions" {
		t.Fatalf("68,000 regions gave %d problems: %+v", len(ie.Problems), ie.Problems[:min(3, len(ie.Problems))])
	}

	ones := `{"age": 30, "regions": ["lumbar_left"], "symptoms": [` + strings.Repeat(`1,`, 520000) + `1]}`
	_, err = Decode([]byte(ones))
	if !errors.As(err, &ie) || len(ie.Problems) > maxProblems {
		t.Fatalf("520,000 numbers: %v problems", len(ie.Problems))
	}

	in, err := Decode([]byte(`{"age": 30, "regions": ["lumbar_left", "lumbar_left", "flank_left"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(in.Regions, ","); got != "lumbar_left,flank_left" {
		t.Fatalf("repeated word kept as %q", got)
	}

	var keys strings.Builder
	for i := range 5000 {
		keys.WriteString(`"x` + strings.Repeat("y", i%7) + string(rune('a'+i%26)) + `": 1, `)
	}
	_, err = Decode([]byte(`{` + keys.String() + `"age": 30, "regions": ["lumbar_left"]}`))
	if !errors.As(err, &ie) || len(ie.Problems) > maxProblems || ie.Total < len(ie.Problems) {
		t.Fatalf("many unknown fields: %d problems, total %d", len(ie.Problems), ie.Total)
	}
}
