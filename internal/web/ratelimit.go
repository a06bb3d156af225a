package web

import (
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"unknot/internal/domain"
)

// Rate is a token bucket: Burst requests at once, then one more every
// Every. The zero Rate sets no limit.
type Rate struct {
	Burst int
	Every time.Duration
}

// Limits are the per-address rates of the requests a stranger can make
// without an account, each counted by the client's address (see
// Server.TrustProxy). They are kept in memory, per instance.
type Limits struct {
	// Assess is anonymous assessments (API and wizard): each is stored.
	Assess Rate
	// SignUp is sign-ups (API and page): each costs a password hash and a mail.
	SignUp Rate
	// Links is requests for reset and sign-in links: each may send a mail.
	Links Rate
	// SignIn is password sign-ins from a browser without a device cookie;
	// wrong passwords are also throttled per account (app.Accounts.SignIn).
	SignIn Rate
}

// DefaultLimits are the limits unknot serves with: enough for a person and
// a household behind one address, far below what fills a disk or a mailbox.
func DefaultLimits() Limits {
	return Limits{
		// Generous at once, for a script that runs a set of cases from one
		// address (the contract's outside test sets run hundreds), then ten
		// a second: at most 1,600 in a minute, a few MB, where the attack
		// stored 812 MB in 10 seconds.
		Assess: Rate{Burst: 1000, Every: 100 * time.Millisecond},
		SignUp: Rate{Burst: 5, Every: 10 * time.Minute},
		Links:  Rate{Burst: 5, Every: time.Minute},
		SignIn: Rate{Burst: 10, Every: 6 * time.Second},
	}
}

// maxBuckets bounds the limiter's memory: past it, full buckets (which
// limit nothing) are dropped, and if none are full a new address is let in
// uncounted rather than the table growing without end.
const maxBuckets = 100_000

type bucket struct {
	tokens float64
	at     time.Time
}

// limiter holds the buckets of every class and address.
type limiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

// take spends one token of key's bucket at rate, reporting how long to
// wait when there is none.
func (l *limiter) take(key string, rate Rate, now time.Time) (time.Duration, bool) {
	if rate.Burst <= 0 || rate.Every <= 0 {
		return 0, true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[string]*bucket{}
	}
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= maxBuckets && !l.sweep(now, rate) {
			return 0, true
		}
		b = &bucket{tokens: float64(rate.Burst), at: now}
		l.buckets[key] = b
	}
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = math.Min(float64(rate.Burst), b.tokens+float64(elapsed)/float64(rate.Every))
		b.at = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) * float64(rate.Every)), false
}

// sweep drops buckets that have refilled, reporting whether any went.
func (l *limiter) sweep(now time.Time, rate Rate) bool {
	n := len(l.buckets)
	for k, b := range l.buckets {
		if now.Sub(b.at) >= time.Duration(rate.Burst)*rate.Every {
			delete(l.buckets, k)
		}
	}
	return len(l.buckets) < n
}

// limited wraps h with the rate of class, counted per client address.
// applies decides which requests count (nil: all).
func (s *Server) limited(class string, rate func(Limits) Rate, applies func(*http.Request) bool, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if applies == nil || applies(r) {
			wait, ok := s.limits.take(class+"|"+clientAddress(r), rate(s.Limits), s.now())
			if !ok {
				s.tooMany(w, r, wait)
				return
			}
		}
		h(w, r)
	}
}

// tooMany answers 429 with Retry-After in whole seconds.
func (s *Server) tooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := max(1, int(math.Ceil(wait.Seconds())))
	w.Header().Set("Retry-After", strconv.Itoa(secs))
	err := domain.Errorf(domain.ETooManyRequests, "Too many requests from your address. Please wait %s and try again.", waitWords(secs))
	s.refuse(w, r, strings.HasPrefix(r.URL.Path, "/api/"), err)
}

func waitWords(secs int) string {
	if secs < 120 {
		return fmt.Sprintf("%d seconds", secs)
	}
	return fmt.Sprintf("%d minutes", (secs+59)/60)
}

// anonymous reports requests made without an account or a clinic's token:
// a clinic's integration or a signed-in person is limited by other means.
func anonymous(r *http.Request) bool {
	a := actorOf(r)
	return a.UserID == "" && a.Token == nil
}

// noDeviceCookie reports a sign-in from a browser that has not signed in
// here before; one that has is throttled per device in app instead.
func noDeviceCookie(r *http.Request) bool {
	c, err := r.Cookie(DeviceCookie)
	return err != nil || c.Value == ""
}
