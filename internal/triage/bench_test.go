package triage

import (
	"os"
	"testing"
	"time"

	"unknot/internal/protocol"
)

// BenchmarkAssess measures one assessment in process as app.Evaluate makes
// it: decode and check the contract's example input, evaluate the default
// protocol and explain the result.
func BenchmarkAssess(b *testing.B) {
	data, err := os.ReadFile("../clinical/testdata/example.json")
	if err != nil {
		b.Fatal(err)
	}
	p := protocol.Default()
	opt := Options{Now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), DefaultTZ: "UTC"}
	if _, err := evaluate(data, p, opt); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := evaluate(data, p, opt); err != nil {
			b.Fatal(err)
		}
	}
}
