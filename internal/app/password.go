package app

import (
	"bufio"
	"context"
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"unknot/internal/domain"
)

// PasswordParams are argon2id's costs. The defaults follow
// DEPENDENCIES.md: 64 MiB, one pass, four lanes (about 60 ms here).
type PasswordParams struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
	// Concurrent caps hashes computed at once: each holds MemoryKiB.
	Concurrent int
}

// DefaultPasswordParams are the production costs.
var DefaultPasswordParams = PasswordParams{MemoryKiB: 64 * 1024, Time: 1, Threads: 4, Concurrent: 4}

// Password length limits after NIST SP 800-63B: a minimum length, a generous
// maximum, no composition rules, and common passwords refused.
const (
	MinPasswordLength = 10
	MaxPasswordLength = 128
)

//go:embed common-passwords.txt
var commonPasswordsText string

var commonPasswords = sync.OnceValue(func() map[string]bool {
	m := map[string]bool{}
	sc := bufio.NewScanner(strings.NewReader(commonPasswordsText))
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			m[w] = true
		}
	}
	return m
})

// CheckPassword applies the password rules, naming the field in its error.
func CheckPassword(pw, email string) error {
	problem := ""
	n := utf8.RuneCountInString(pw)
	lower := strings.ToLower(pw)
	local, _, _ := strings.Cut(strings.ToLower(email), "@")
	switch {
	case n < MinPasswordLength:
		problem = fmt.Sprintf("must be at least %d characters; a few words in a row make a good one", MinPasswordLength)
	case n > MaxPasswordLength:
		problem = fmt.Sprintf("must be at most %d characters", MaxPasswordLength)
	case commonPasswords()[lower] || commonPasswords()[strings.TrimRight(lower, "0123456789!")]:
		problem = "is on the list of common passwords that are easy to guess"
	case repetitive(lower):
		problem = "repeats the same few characters; it would be easy to guess"
	case len(local) >= 4 && strings.Contains(lower, local):
		problem = "contains your email name; it would be easy to guess"
	}
	if problem == "" {
		return nil
	}
	return &domain.Error{Code: domain.EInvalid, Message: "Please choose another password.",
		Problems: []domain.Problem{{Field: "password", Problem: problem}}}
}

// repetitive reports passwords made of one short unit repeated, such as
// "aaaaaaaaaa" or "abcabcabcabc".
func repetitive(s string) bool {
	for unit := 1; unit <= 3 && unit < len(s); unit++ {
		if strings.Repeat(s[:unit], len(s)/unit+1)[:len(s)] == s {
			return true
		}
	}
	return false
}

// hasher computes argon2id hashes, at most Concurrent at a time.
type hasher struct {
	p   PasswordParams
	sem chan struct{}
	// memory hands argon2's memory back after a burst (hashmemory.go).
	memory giveBack
	// fresh caps new hashes (sign-ups, resets) at half the slots, so
	// that a flood of sign-ups never takes every slot from sign-ins.
	fresh chan struct{}
}

func newHasher(p PasswordParams) *hasher {
	if p.Concurrent <= 0 {
		p.Concurrent = 1
	}
	return &hasher{p: p, sem: make(chan struct{}, p.Concurrent), fresh: make(chan struct{}, max(1, p.Concurrent/2))}
}

func (h *hasher) acquire(ctx context.Context) error {
	select {
	case h.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return &domain.Error{Code: domain.EUnavailable, Message: "The server is busy. Please try again.", Err: ctx.Err()}
	}
}

// Hash returns an encoded argon2id hash of pw in the PHC string format.
func (h *hasher) Hash(ctx context.Context, pw string) (string, error) {
	select {
	case h.fresh <- struct{}{}:
	case <-ctx.Done():
		return "", &domain.Error{Code: domain.EUnavailable, Message: "The server is busy. Please try again.", Err: ctx.Err()}
	}
	defer func() { <-h.fresh }()
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer func() { <-h.sem }()
	salt := make([]byte, 16)
	_, _ = rand.Read(salt)
	key := h.idKey([]byte(pw), salt, h.p.Time, h.p.MemoryKiB, h.p.Threads, 32)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.p.MemoryKiB, h.p.Time, h.p.Threads,
		enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

// Verify reports whether pw matches encoded, using the costs recorded in it.
func (h *hasher) Verify(ctx context.Context, pw, encoded string) (bool, error) {
	var version int
	var mem, t uint32
	var threads uint8
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, nil
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &mem, &t, &threads); err != nil || mem > 1<<21 || t > 16 {
		return false, nil
	}
	enc := base64.RawStdEncoding
	salt, err1 := enc.DecodeString(parts[4])
	want, err2 := enc.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, nil
	}
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer func() { <-h.sem }()
	got := h.idKey([]byte(pw), salt, t, mem, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
