package main

import (
	"errors"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"time"
)

// drainListener lets a shutdown serve the connections the kernel has
// already queued instead of resetting them. Closing a listening socket
// resets every connection still in its accept queue; a client that has
// already sent its request then sees "connection reset" rather than either
// an answer or a refusal. Drain keeps accepting until the queue has been
// empty for a moment, then closes the socket in the same breath.
type drainListener struct {
	*net.TCPListener
	draining atomic.Bool
}

// Accept returns queued connections while draining and reports the listener
// closed once the queue is empty.
func (l *drainListener) Accept() (net.Conn, error) {
	c, err := l.TCPListener.Accept()
	if err != nil && l.draining.Load() && errors.Is(err, os.ErrDeadlineExceeded) {
		l.TCPListener.Close()
		return nil, net.ErrClosed
	}
	return c, err
}

// Drain starts draining: Accept keeps returning connections until none has
// arrived for quiet, then the listener closes.
func (l *drainListener) Drain(quiet time.Duration) {
	l.draining.Store(true)
	_ = l.TCPListener.SetDeadline(time.Now().Add(quiet))
}

// connTracker counts the server's open connections through http.Server's
// ConnState hook.
type connTracker struct {
	open atomic.Int64
}

// hook is the http.Server ConnState function.
func (t *connTracker) hook(_ net.Conn, state http.ConnState) {
	switch state {
	case http.StateNew:
		t.open.Add(1)
	case http.StateClosed, http.StateHijacked:
		t.open.Add(-1)
	}
}

// wait returns when no connection is open or at the deadline. http.Server's
// Shutdown drops a request whose headers arrive after it starts, so the
// connections drained from the accept queue are let finish first; with
// keep-alive off, each closes after its one answer.
func (t *connTracker) wait(deadline time.Time) {
	for t.open.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
}
