package app

import (
	"context"
	"fmt"
	"sync"
	"time"

	"unknot/internal/domain"
	umail "unknot/internal/mail"
)

// Work after the answer is a job in a durable queue (River, in
// internal/jobs): the account work and mail of a sign-up or a link
// request, every other mail, and each reminder. A use case enqueues its
// jobs in its own transaction (tx, the transaction-bound store), so a job
// exists exactly when the change that caused it committed; with tx nil
// the job is enqueued on its own. Doing mail work in a job, not in the
// request, makes the answer take the same time whether or not the address
// has an account.

// Job is one kind of work for the queue; Kind names it (River's JobArgs).
type Job interface{ Kind() string }

// Enqueuer puts jobs in the queue. at is when the job is due (zero: now).
type Enqueuer interface {
	Enqueue(ctx context.Context, tx any, job Job, at time.Time) error
}

// SignUpJob finishes a sign-up after its answer.
type SignUpJob struct {
	Address  string `json:"address"`
	Email    string `json:"email"`
	Name     string `json:"name"`
	Hash     string `json:"hash"`
	ClinicID string `json:"clinic_id"`
	Next     string `json:"next"`
}

// Kind names the job.
func (SignUpJob) Kind() string { return "sign_up" }

// LinkJob mails a sign-in or reset link, if the address has an account.
type LinkJob struct {
	Email   string `json:"email"`
	Purpose string `json:"purpose"`
}

// Kind names the job.
func (LinkJob) Kind() string { return "send_link" }

// MailJob sends one message.
type MailJob struct {
	Message umail.Message `json:"message"`
}

// Kind names the job.
func (MailJob) Kind() string { return "mail" }

// queue is how a service enqueues jobs.
type queue struct{ jobs Enqueuer }

func (q queue) enqueue(ctx context.Context, tx any, job Job, at time.Time) error {
	if q.jobs == nil {
		return &domain.Error{Code: domain.EUnavailable, Message: "Background work is not running here.",
			Err: fmt.Errorf("app: no job queue for %s", job.Kind())}
	}
	return q.jobs.Enqueue(ctx, tx, job, at)
}

// sendLater sends m from a job, after the answer: with tx, only if the
// use case commits. Every mail the app sends goes this way (or from a
// job of its own, like links).
func (q queue) sendLater(ctx context.Context, tx any, m umail.Message) error {
	return q.enqueue(ctx, tx, MailJob{Message: m}, time.Time{})
}

// Mail is MailJob's work: the message, unless its recipient had their
// share of mail that strangers can cause.
func (s *Accounts) Mail(ctx context.Context, j MailJob) error { return s.mail(ctx, j.Message) }

// recipientCap limits the mail one address gets from requests strangers
// can make (links, sign-ups): a flood of requests for one address becomes
// a few messages. Per instance, in memory.
type recipientCap struct {
	mu   sync.Mutex
	sent map[string][]time.Time
	now  func() time.Time
}

// Mail to one recipient: at most mailsPerWindow in mailWindow.
const (
	mailsPerWindow = 3
	mailWindow     = 15 * time.Minute
)

// allow reports whether one more message may go to addr now, counting it.
func (c *recipientCap) allow(addr string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sent == nil {
		c.sent = map[string][]time.Time{}
	}
	now := c.now()
	kept := c.sent[addr][:0]
	for _, t := range c.sent[addr] {
		if now.Sub(t) < mailWindow {
			kept = append(kept, t)
		}
	}
	if len(kept) >= mailsPerWindow {
		c.sent[addr] = kept
		return false
	}
	c.sent[addr] = append(kept, now)
	if len(c.sent) > 100_000 { // forget the oldest window rather than grow
		for k, ts := range c.sent {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) >= mailWindow {
				delete(c.sent, k)
			}
		}
	}
	return true
}
