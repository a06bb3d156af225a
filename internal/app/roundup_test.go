package app

import (
	"testing"
	"time"
)

// "Please wait 1 seconds" reads wrong: one second is singular.
func TestRoundUpWords(t *testing.T) {
	for d, want := range map[time.Duration]string{
		300 * time.Millisecond: "1 second", 1500 * time.Millisecond: "2 seconds", 90 * time.Second: "2 minutes",
	} {
		if got := roundUp(d); got != want {
			t.Errorf("roundUp(%v) = %q; want %q", d, got, want)
		}
	}
}
