package main

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	umail "unknot/internal/mail"
)

// mailbox is the tests' mailer: it keeps every message, so that a test can
// follow the link a sign-up or a reset sends.
type mailbox struct {
	mu   sync.Mutex
	msgs []umail.Message
}

// Send keeps m.
func (b *mailbox) Send(_ context.Context, m umail.Message) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.msgs = append(b.msgs, m)
	return nil
}

// count is how many messages went to addr.
func (b *mailbox) count(addr string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, m := range b.msgs {
		if strings.EqualFold(m.To, addr) {
			n++
		}
	}
	return n
}

// wait returns the nth message (from 1) to addr, waiting for it to be
// sent: sign-ups and links mail after their answer.
func (b *mailbox) wait(t testing.TB, addr string, nth int) umail.Message {
	t.Helper()
	for range 500 {
		b.mu.Lock()
		seen := 0
		for _, m := range b.msgs {
			if strings.EqualFold(m.To, addr) {
				if seen++; seen == nth {
					b.mu.Unlock()
					return m
				}
			}
		}
		b.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no message %d to %s", nth, addr)
	return umail.Message{}
}

var linkToken = regexp.MustCompile(`/login/link/(\S+)`)

// mailboxes finds a test server's mailbox by its URL.
var mailboxes sync.Map

func mailboxOf(t testing.TB, url string) *mailbox {
	t.Helper()
	b, ok := mailboxes.Load(url)
	if !ok {
		t.Fatalf("the server at %s has no test mailbox", url)
	}
	return b.(*mailbox)
}
