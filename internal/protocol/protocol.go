// Package protocol holds triage rules as data: a versioned file a clinic can
// read, review and adapt (content/protocols/default.yaml is unknot's own).
// It loads and checks a protocol, refusing one with a type error, an unknown
// variable or word, a missing source, or a rule set that would send a red
// flag to a lower disposition than the clinical floor (floor.go); and it
// says which rules an assessment's facts match. It is pure: no HTTP, no
// database.
package protocol

import (
	"sync"

	"unknot/content"
	"unknot/internal/clinical"
)

// Protocol is one loaded, checked version of a rule set. It is immutable
// and safe for concurrent use.
type Protocol struct {
	ID          string
	Version     string
	Title       string
	Description string
	// Digest is "sha256:" and the hex SHA-256 of the file it was loaded
	// from, so that results name the exact file even if someone edits it
	// without changing the version.
	Digest string
	// Rules in file order; that order breaks ties between reasons of the
	// same disposition.
	Rules []Rule
	// Default is the self_care reason given when no rule above self_care
	// matches: why self-care is fitting.
	Default Rule
}

// Rule is one condition and what it decides.
type Rule struct {
	ID          string
	When        string // the condition, in the CEL subset of compile.go
	Disposition clinical.Disposition
	Text        string   // for the person: plain words, reading grade 8 or below
	Sources     []string // where the rule comes from; never empty
	Note        string   // for clinicians: why the rule reads as it does
	// Sign is the rule's condition as one line of a "when to get help"
	// list, in plain words ("Chest pain."). Rules may share a sign; the
	// patient article on when to get help lists exactly the signs of the
	// default protocol (a test keeps the two the same).
	Sign string
	Line int // line in the protocol file
	eval boolFn
}

// Ref names the protocol for a result.
func (p *Protocol) Ref() clinical.ProtocolRef {
	return clinical.ProtocolRef{ID: p.ID, Version: p.Version, Digest: p.Digest}
}

// Match appends to dst the index in p.Rules of every rule that matches f,
// in file order, and returns it.
func (p *Protocol) Match(f *Facts, dst []int) []int {
	for i := range p.Rules {
		if p.Rules[i].eval(f) {
			dst = append(dst, i)
		}
	}
	return dst
}

// Disposition is the most urgent disposition among the matched rules, and
// self_care when there are none.
func (p *Protocol) Disposition(matched []int) clinical.Disposition {
	d := clinical.SelfCareOnly
	for _, i := range matched {
		if r := p.Rules[i].Disposition; r.Rank() > d.Rank() {
			d = r
		}
	}
	return d
}

// Signs returns the distinct signs of the rules that lead to d, in file
// order: the lines of a "when to get help" list for that disposition.
func (p *Protocol) Signs(d clinical.Disposition) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range p.Rules {
		if r.Disposition == d && r.Sign != "" && !seen[r.Sign] {
			seen[r.Sign] = true
			out = append(out, r.Sign)
		}
	}
	return out
}

// DefaultFile is the embedded default protocol's path in content.Protocols.
const DefaultFile = "protocols/default.yaml"

var defaultProtocol = sync.OnceValues(func() (*Protocol, error) {
	data, err := content.Protocols.ReadFile(DefaultFile)
	if err != nil {
		return nil, err
	}
	return Load(data)
})

// Default returns unknot's embedded default protocol, loaded and checked
// once. The embedded file is part of the build and TestDefaultLoads proves
// that it loads, so the panic below is a build defect, never a run-time
// input: callers need no error path for it.
func Default() *Protocol {
	p, err := defaultProtocol()
	if err != nil {
		panic("protocol: the embedded default protocol does not load: " + err.Error())
	}
	return p
}
