// Package testclock is the clock every test runs on: a fixed moment, the
// same on every day the suite runs, so that a test passes or fails on its
// merits and not on the calendar. scripts/test runs the packages that
// render dates again at other moments (a daylight-saving change, a year's
// end) by setting UNKNOT_TEST_NOW, so that a date-sensitive test fails in
// CI rather than on a user's machine.
package testclock

import (
	"fmt"
	"os"
	"sync"
	"time"
)

// Env names the variable that moves the tests' moment: an RFC 3339 time.
const Env = "UNKNOT_TEST_NOW"

// Default is the moment tests run at when Env is unset: a Tuesday early
// afternoon, in winter time in Europe.
var Default = time.Date(2026, time.December, 1, 13, 6, 0, 0, time.UTC)

var fromEnv = sync.OnceValues(func() (time.Time, error) {
	v := os.Getenv(Env)
	if v == "" {
		return Default, nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("testclock: %s=%q is not an RFC 3339 time: %w", Env, v, err)
	}
	return t.UTC(), nil
})

// Now is the tests' moment. A malformed Env is a broken test run, so it
// panics rather than run on another date than asked for.
func Now() time.Time {
	t, err := fromEnv()
	if err != nil {
		panic(err)
	}
	return t
}

// Fixed returns a clock that always tells Now.
func Fixed() func() time.Time {
	t := Now()
	return func() time.Time { return t }
}

// Clock is a test clock that stands still until moved.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// New returns a clock standing at Now.
func New() *Clock { return &Clock{t: Now()} }

// Now tells the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
