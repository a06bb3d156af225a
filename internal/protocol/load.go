package protocol

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"

	"unknot/internal/clinical"
)

// Finding is one problem with a protocol file.
type Finding struct {
	Line    int    `json:"line,omitempty"`
	Rule    string `json:"rule,omitempty"`
	Field   string `json:"field,omitempty"`
	Problem string `json:"problem"`
}

// String formats a finding on one line, for example
// "line 12: rule seed.hard-lump: when: found no matching overload ...".
func (f Finding) String() string {
	var b strings.Builder
	if f.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", f.Line)
	}
	if f.Rule != "" {
		fmt.Fprintf(&b, "rule %s: ", f.Rule)
	}
	if f.Field != "" {
		b.WriteString(f.Field + ": ")
	}
	b.WriteString(f.Problem)
	return b.String()
}

// CheckError is a protocol that failed its checks.
type CheckError struct {
	Findings []Finding
}

// Error lists the findings on one line.
func (e *CheckError) Error() string {
	parts := make([]string, len(e.Findings))
	for i, f := range e.Findings {
		parts[i] = f.String()
	}
	return "protocol: " + strings.Join(parts, "; ")
}

// Load reads and checks a protocol file (YAML, or JSON, which YAML reads
// too). A protocol with any finding is refused with a *CheckError: a
// clinic's edit cannot take effect half-checked.
func Load(data []byte) (*Protocol, error) {
	p, findings := load(data)
	if len(findings) > 0 {
		return nil, &CheckError{Findings: findings}
	}
	return p, nil
}

// Check reads a protocol file and returns every finding; none means Load
// would accept it. It checks that the file has an id, a version and a
// title; that every rule has a unique id, a condition that compiles (types,
// variables, vocabulary words), a valid disposition, plain text and at least
// one source; that the default self_care reason is there; that emergency,
// urgent and see_clinician are each reached by some rule (self_care is
// reached by construction: it is the answer when nothing above it matches);
// and that the clinical floor holds (floor.go).
func Check(data []byte) []Finding {
	_, findings := load(data)
	return findings
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

// loader gathers findings while reading.
type loader struct {
	findings []Finding
}

func (l *loader) add(line int, rule, field, format string, args ...any) {
	l.findings = append(l.findings, Finding{Line: line, Rule: rule, Field: field, Problem: fmt.Sprintf(format, args...)})
}

func load(data []byte) (*Protocol, []Finding) {
	var l loader
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		l.add(0, "", "", "%s", strings.TrimPrefix(err.Error(), "yaml: "))
		return nil, l.findings
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 || doc.Content[0].Kind != yaml.MappingNode {
		l.add(doc.Line, "", "", "the file must be a mapping with id, version, title, default and rules")
		return nil, l.findings
	}
	sum := sha256.Sum256(data)
	p := &Protocol{Digest: "sha256:" + hex.EncodeToString(sum[:])}
	root := doc.Content[0]
	var rulesNode, defaultNode *yaml.Node
	l.fields(root, "", "", map[string]func(*yaml.Node){
		"id":          func(n *yaml.Node) { p.ID = l.scalar(n, "", "id") },
		"version":     func(n *yaml.Node) { p.Version = l.scalar(n, "", "version") },
		"title":       func(n *yaml.Node) { p.Title = l.scalar(n, "", "title") },
		"description": func(n *yaml.Node) { p.Description = l.scalar(n, "", "description") },
		"default":     func(n *yaml.Node) { defaultNode = n },
		"rules":       func(n *yaml.Node) { rulesNode = n },
	})
	if p.ID == "" {
		l.add(root.Line, "", "id", "is required")
	} else if !idPattern.MatchString(p.ID) {
		l.add(root.Line, "", "id", "%q must be lower case letters, digits, '.', '-' or '_'", p.ID)
	}
	if p.Version == "" {
		l.add(root.Line, "", "version", "is required")
	}
	if p.Title == "" {
		l.add(root.Line, "", "title", "is required")
	}

	ids := map[string]int{}
	if defaultNode == nil {
		l.add(root.Line, "", "default", "is required: the self_care reason given when no rule above self_care matches")
	} else {
		p.Default = l.rule(defaultNode, true)
		ids[p.Default.ID] = p.Default.Line
	}
	if rulesNode == nil || rulesNode.Kind != yaml.SequenceNode || len(rulesNode.Content) == 0 {
		l.add(root.Line, "", "rules", "must be a list of rules")
	} else {
		for _, n := range rulesNode.Content {
			r := l.rule(n, false)
			if r.ID != "" {
				if prev, dup := ids[r.ID]; dup {
					l.add(r.Line, r.ID, "id", "is used twice (first on line %d)", prev)
				}
				ids[r.ID] = r.Line
			}
			p.Rules = append(p.Rules, r)
		}
	}
	if len(l.findings) > 0 {
		return nil, l.findings
	}
	l.reachable(p)
	l.floor(p)
	// p compiled: with floor findings it is returned too, for Lowered to
	// name the rules that broke the floor; Load refuses it all the same.
	return p, l.findings
}

// fields walks a mapping, calling set for each known key and reporting
// unknown and repeated keys.
func (l *loader) fields(m *yaml.Node, rule, prefix string, set map[string]func(*yaml.Node)) {
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := prefix + k.Value
		f, ok := set[k.Value]
		switch {
		case !ok:
			l.add(k.Line, rule, name, "is not a known field")
		case seen[k.Value]:
			l.add(k.Line, rule, name, "is given twice")
		default:
			f(v)
		}
		seen[k.Value] = true
	}
}

// resolve follows a YAML alias (*name) to the node it stands for.
func resolve(n *yaml.Node) *yaml.Node {
	for i := 0; n.Kind == yaml.AliasNode && n.Alias != nil && i < 8; i++ {
		n = n.Alias
	}
	return n
}

// scalar reads a single value, trimmed.
func (l *loader) scalar(n *yaml.Node, rule, field string) string {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode {
		l.add(n.Line, rule, field, "must be a single value")
		return ""
	}
	return strings.TrimSpace(n.Value)
}

// rule reads one rule, or the default reason when isDefault.
func (l *loader) rule(n *yaml.Node, isDefault bool) Rule {
	n = resolve(n)
	r := Rule{Line: n.Line}
	if n.Kind != yaml.MappingNode {
		l.add(n.Line, "", "rules", "each rule must be a mapping with id, when, disposition, text and sources")
		return r
	}
	// The id comes first in the findings, so find it before the rest.
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "id" && n.Content[i+1].Kind == yaml.ScalarNode {
			r.ID = strings.TrimSpace(n.Content[i+1].Value)
		}
	}
	var whenLine int
	var hasWhen, hasDisposition, hasSources bool
	set := map[string]func(*yaml.Node){
		"id":   func(*yaml.Node) {},
		"text": func(v *yaml.Node) { r.Text = strings.Join(strings.Fields(l.scalar(v, r.ID, "text")), " ") },
		"note": func(v *yaml.Node) { r.Note = strings.Join(strings.Fields(l.scalar(v, r.ID, "note")), " ") },
		"sign": func(v *yaml.Node) {
			r.Sign = strings.Join(strings.Fields(l.scalar(v, r.ID, "sign")), " ")
			if r.Sign == "" {
				l.add(v.Line, r.ID, "sign", "is empty: leave it out, or say the sign in plain words")
			}
		},
		"sources": func(v *yaml.Node) {
			hasSources = true
			r.Sources = l.sources(v, r.ID)
		},
	}
	if !isDefault {
		set["when"] = func(v *yaml.Node) {
			hasWhen, whenLine = true, v.Line
			r.When = l.scalar(v, r.ID, "when")
		}
		set["disposition"] = func(v *yaml.Node) {
			hasDisposition = true
			r.Disposition = clinical.Disposition(l.scalar(v, r.ID, "disposition"))
		}
	}
	field := "rules"
	if isDefault {
		field = "default"
	}
	l.fields(n, r.ID, "", set)

	switch {
	case r.ID == "":
		l.add(n.Line, "", field, "a rule has no id")
	case !idPattern.MatchString(r.ID):
		l.add(n.Line, r.ID, "id", "must be lower case letters, digits, '.', '-' or '_'")
	}
	if r.Text == "" {
		l.add(n.Line, r.ID, "text", "is required: say in plain words why this matters")
	}
	if !hasSources || len(r.Sources) == 0 {
		l.add(n.Line, r.ID, "sources", "at least one source is required")
	}
	if isDefault {
		r.Disposition = clinical.SelfCareOnly
		return r
	}
	switch {
	case !hasDisposition:
		l.add(n.Line, r.ID, "disposition", "is required")
	case !validDisposition(r.Disposition):
		l.add(n.Line, r.ID, "disposition", "%q is not one of emergency, urgent, see_clinician, self_care", r.Disposition)
	}
	if !hasWhen || r.When == "" {
		l.add(n.Line, r.ID, "when", "is required")
		return r
	}
	fn, errs := compileWhen(r.When)
	for _, e := range errs {
		l.add(whenLine, r.ID, "when", "%s", e)
	}
	r.eval = fn
	return r
}

func (l *loader) sources(n *yaml.Node, rule string) []string {
	n = resolve(n)
	if n.Kind != yaml.SequenceNode {
		l.add(n.Line, rule, "sources", "must be a list")
		return nil
	}
	var out []string
	for _, s := range n.Content {
		v := l.scalar(s, rule, "sources")
		if v == "" {
			l.add(s.Line, rule, "sources", "a source is empty")
			continue
		}
		out = append(out, v)
	}
	return out
}

func validDisposition(d clinical.Disposition) bool {
	switch d {
	case clinical.Emergency, clinical.Urgent, clinical.SeeClinician, clinical.SelfCareOnly:
		return true
	}
	return false
}

// reachable checks that every disposition above self_care has a rule.
func (l *loader) reachable(p *Protocol) {
	for _, d := range []clinical.Disposition{clinical.Emergency, clinical.Urgent, clinical.SeeClinician} {
		found := false
		for _, r := range p.Rules {
			if r.Disposition == d {
				found = true
				break
			}
		}
		if !found {
			l.add(0, "", "rules", "no rule leads to %s", d)
		}
	}
}
