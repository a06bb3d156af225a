package app

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// background runs small jobs after the answer is sent: the account work and
// mail of a sign-up or a link request. Doing that work here, not in the
// request, makes the answer take the same time whether or not the address
// has an account. It is a bounded in-process queue; issue 15 moves these
// jobs to River, which survives a restart.
type background struct {
	jobs   chan func(ctx context.Context)
	logger *slog.Logger
	wg     sync.WaitGroup
	once   sync.Once
	mu     sync.RWMutex
	closed bool
}

// backgroundQueue is how many jobs may wait; past it a job is dropped (and
// logged): the rate limits keep a person's requests far below it.
const backgroundQueue = 256

// jobTimeout bounds one job: an SMTP conversation and a transaction.
const jobTimeout = time.Minute

func newBackground(logger *slog.Logger, workers int) *background {
	b := &background{jobs: make(chan func(context.Context), backgroundQueue), logger: logger}
	for range workers {
		b.wg.Add(1)
		go b.work()
	}
	return b
}

func (b *background) work() {
	defer b.wg.Done()
	for job := range b.jobs {
		b.run(job)
	}
}

// run runs one job; a panic in it is logged, not the end of the process.
func (b *background) run(job func(context.Context)) {
	ctx, cancel := context.WithTimeout(context.Background(), jobTimeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			b.logger.Error("background job panicked", "panic", fmt.Sprint(p))
		}
	}()
	job(ctx)
}

// Go queues job, or drops it when the queue is full or closed.
func (b *background) Go(name string, job func(ctx context.Context)) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	if b.closed {
		b.logger.Warn("background job dropped: shutting down", "job", name)
		return
	}
	select {
	case b.jobs <- job:
	default:
		b.logger.Warn("background job dropped: the queue is full", "job", name)
	}
}

// Close runs the jobs already queued and waits for them.
func (b *background) Close() {
	b.once.Do(func() {
		b.mu.Lock()
		b.closed = true
		close(b.jobs)
		b.mu.Unlock()
	})
	b.wg.Wait()
}

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
