// Package mailtest runs a real SMTP server in the test process (go-smtp), so
// that tests outside the mail package can hold a real SMTP conversation and
// read what arrives.
package mailtest

import (
	"bytes"
	"io"
	"net"
	"net/mail"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Message is one delivered mail.
type Message struct {
	From, To string
	Raw      []byte
}

// Body returns the decoded text of a single-part message.
func (m Message) Body(t testing.TB) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		t.Fatalf("reading delivered mail: %v", err)
	}
	b, _ := io.ReadAll(msg.Body)
	return decodeQP(string(b), msg.Header.Get("Content-Transfer-Encoding"))
}

// Server is an SMTP server on 127.0.0.1.
type Server struct {
	Host string
	Port int

	mu       sync.Mutex
	messages []Message
	arrived  chan struct{}
}

// Start starts a server that accepts every message, and stops it when the
// test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s := &Server{arrived: make(chan struct{}, 100)}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{s: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	s.Host = host
	s.Port, _ = strconv.Atoi(port)
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

// Wait returns the n-th message (from 1) once it has arrived.
func (s *Server) Wait(t testing.TB, n int) Message {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		s.mu.Lock()
		if len(s.messages) >= n {
			m := s.messages[n-1]
			s.mu.Unlock()
			return m
		}
		s.mu.Unlock()
		select {
		case <-s.arrived:
		case <-deadline:
			t.Fatalf("no message %d arrived within 10s", n)
		}
	}
}

// Count returns how many messages have arrived.
func (s *Server) Count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.messages)
}

type session struct {
	s        *Server
	from, to string
}

func (c *session) Mail(from string, _ *smtp.MailOptions) error { c.from = from; return nil }
func (c *session) Rcpt(to string, _ *smtp.RcptOptions) error   { c.to = to; return nil }
func (c *session) Reset()                                      { c.from, c.to = "", "" }
func (c *session) Logout() error                               { return nil }

func (c *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.s.mu.Lock()
	c.s.messages = append(c.s.messages, Message{From: c.from, To: c.to, Raw: raw})
	c.s.mu.Unlock()
	c.s.arrived <- struct{}{}
	return nil
}
