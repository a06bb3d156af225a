package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"unknot/internal/protocol"
	"unknot/internal/testclock"
)

// TestProtocolCheckRefusesEachLowering runs `unknot protocol check` on the
// default protocol lowered for each case of the clinical floor (every row
// of REFERENCE §1 and §1b): each must exit 2 and name the case.
func TestProtocolCheckRefusesEachLowering(t *testing.T) {
	base := []byte(defaultProtocolYAML(t))
	dir := t.TempDir()
	for i, c := range protocol.FloorCases() {
		t.Run(c.Name, func(t *testing.T) {
			lowered, err := protocol.LowerFor(base, c)
			if err != nil {
				t.Fatal(err)
			}
			file := filepath.Join(dir, fmt.Sprintf("lowered-%03d.yaml", i))
			writeFile(t, file, string(lowered))
			var out bytes.Buffer
			code := Run(context.Background(), []string{"protocol", "check", file}, nil, &out, io.Discard, func(string) string { return "" }, testclock.Fixed())
			if code != exitUsage {
				t.Fatalf("exit %d, want %d", code, exitUsage)
			}
			if want := c.Name + " must lead to " + string(c.Min); !strings.Contains(out.String(), want) {
				t.Errorf("output does not say %q:\n%s", want, out.String())
			}
		})
	}
}
