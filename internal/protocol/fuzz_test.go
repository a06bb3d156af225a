package protocol

import (
	"io/fs"
	"testing"

	"unknot/content"
)

// FuzzCheck feeds the protocol loader arbitrary files, seeded with the
// default protocol: it never panics, and a file it accepts loads.
func FuzzCheck(f *testing.F) {
	def, err := fs.ReadFile(content.Protocols, "protocols/default.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(def)
	f.Add([]byte("id: x\nversion: \"1\"\nrules: []\n"))
	f.Add([]byte("rules:\n  - id: a\n    when: 'age >= \"65\"'\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		findings := Check(data)
		p, err := Load(data)
		if len(findings) == 0 && err != nil {
			t.Fatalf("Check found nothing but Load failed: %v", err)
		}
		if err == nil && p == nil {
			t.Fatal("Load returned neither a protocol nor an error")
		}
		for _, fd := range findings {
			if fd.String() == "" {
				t.Fatal("a finding without words")
			}
		}
	})
}
