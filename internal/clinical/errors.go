package clinical

import "strings"

// Problem is one thing wrong with an input: the field, as a dotted path such
// as "pain.now" or "symptoms[2]", and what is wrong with it in plain words.
type Problem struct {
	Field   string `json:"field"`
	Problem string `json:"problem"`
}

// InputError is an input that cannot be assessed. Malformed means the body
// is not a JSON object at all (HTTP 400); otherwise Problems lists every
// value that is out of range, of the wrong type or not in the vocabulary
// (HTTP 422). A malformed input may carry one problem with an empty Field.
type InputError struct {
	Malformed bool
	Problems  []Problem
	// Total counts every problem found; Problems keeps at most the first
	// hundred of them.
	Total int
}

// Error returns the problems on one line, for example
// "pain.now: must be a whole number from 0 to 10; age: is required".
func (e *InputError) Error() string {
	var b strings.Builder
	if e.Malformed {
		b.WriteString("malformed input")
		if len(e.Problems) > 0 {
			b.WriteString(": ")
		}
	}
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		if p.Field != "" {
			b.WriteString(p.Field)
			b.WriteString(": ")
		}
		b.WriteString(p.Problem)
	}
	if b.Len() == 0 {
		return "invalid input"
	}
	// One line, whatever a problem text holds.
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(b.String())
}
