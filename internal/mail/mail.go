// Package mail is unknot's one mailer: it sends sign-in and password-reset
// messages over SMTP, or, when no SMTP server is configured, writes them to
// the log so that a first run on a laptop still works.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TLS modes for Config.TLS.
const (
	TLSNone     = "none"     // plain SMTP; credentials go only to a loopback server
	TLSStartTLS = "starttls" // STARTTLS is required; the default
	TLSImplicit = "tls"      // TLS from the first byte ("SMTPS", usually port 465)
)

// DefaultTimeout bounds one whole conversation with the SMTP server when
// Config.Timeout is zero.
const DefaultTimeout = 15 * time.Second

// ErrInvalidMessage is wrapped by Send when a message cannot be sent as
// given (a bad recipient, an empty text, a line break in the subject); it is
// returned before any connection is made.
var ErrInvalidMessage = errors.New("mail: invalid message")

// Config says how to reach the SMTP server. With Host empty nothing is sent
// and messages are written to the log instead.
type Config struct {
	Host     string
	Port     int // 0 picks the usual port for the TLS mode: 25, 587 or 465
	Username string
	Password string
	// TLS is "none", "starttls" (the default) or "tls" (implicit TLS).
	TLS string
	// From is the sender, e.g. "unknot <no-reply@example.org>"; required
	// with a Host.
	From    string
	Timeout time.Duration
	// InsecureSkipVerify accepts any server certificate; for tests only.
	InsecureSkipVerify bool
}

// Message is one e-mail to one person. Text is required; HTML, when given,
// is sent as an alternative to it.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
	// Headers are extra header fields, e.g. List-Unsubscribe.
	Headers map[string]string `json:",omitempty"`
}

// Sender sends messages. Implementations are safe for concurrent use.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns a Sender for cfg: a LogSender when cfg.Host is empty, an
// SMTPSender otherwise. It does not connect. A configuration that Validate
// rejects gives an SMTPSender whose every Send fails with that error; call
// Validate first to refuse to start instead.
func New(cfg Config, logger *slog.Logger) Sender {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Host == "" {
		logger.Warn("mail: no SMTP server configured; messages, including sign-in and reset links, will be written to the log instead of sent")
		return &LogSender{logger: logger}
	}
	return newSMTPSender(cfg.withDefaults(), logger)
}

// Validate reports whether cfg can be used. An empty Host is valid: it
// means mail goes to the log.
func (c Config) Validate() error {
	if c.Host == "" {
		return nil
	}
	c = c.withDefaults()
	switch c.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		return fmt.Errorf("mail: TLS mode %q: want %q, %q or %q", c.TLS, TLSNone, TLSStartTLS, TLSImplicit)
	}
	if c.Port < 1 || c.Port > 65535 {
		return fmt.Errorf("mail: port %d out of range", c.Port)
	}
	if c.From == "" {
		return errors.New("mail: a From address is required with an SMTP host")
	}
	if _, err := netmail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("mail: From address %q: %w", c.From, err)
	}
	if c.Password != "" && c.Username == "" {
		return errors.New("mail: a password is set but no username")
	}
	if c.Timeout < 0 {
		return fmt.Errorf("mail: negative timeout %v", c.Timeout)
	}
	return nil
}

// Describe is a one-line summary for the start-up log. It never contains
// the password.
func (c Config) Describe() string {
	if c.Host == "" {
		return "mail: no SMTP server configured; sign-in and reset links will be written to the log"
	}
	c = c.withDefaults()
	var b strings.Builder
	fmt.Fprintf(&b, "mail: %s (%s)", net.JoinHostPort(c.Host, strconv.Itoa(c.Port)), c.TLS)
	if a, err := netmail.ParseAddress(c.From); err == nil {
		fmt.Fprintf(&b, " as %s", a.Address)
	} else {
		b.WriteString(" with no valid From address")
	}
	if c.Username != "" {
		fmt.Fprintf(&b, ", signing in as %s", c.Username)
	}
	return b.String()
}

// withDefaults fills in the TLS mode, port and timeout.
func (c Config) withDefaults() Config {
	c.TLS = strings.ToLower(strings.TrimSpace(c.TLS))
	if c.TLS == "" {
		c.TLS = TLSStartTLS
	}
	if c.Port == 0 {
		switch c.TLS {
		case TLSNone:
			c.Port = 25
		case TLSImplicit:
			c.Port = 465
		default:
			c.Port = 587
		}
	}
	if c.Timeout == 0 {
		c.Timeout = DefaultTimeout
	}
	return c
}

// check validates m and returns its parsed recipient.
func (m Message) check() (*netmail.Address, error) {
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("%w: recipient %q: %v", ErrInvalidMessage, Redact(m.To), err)
	}
	if strings.ContainsAny(m.Subject, "\r\n") {
		return nil, fmt.Errorf("%w: line break in subject", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("%w: empty text", ErrInvalidMessage)
	}
	return to, nil
}

// Redact shortens an address for logs and errors: "jane@example.org"
// becomes "j***@example.org". Anything that is not an address becomes
// "***".
func Redact(addr string) string {
	if a, err := netmail.ParseAddress(addr); err == nil {
		addr = a.Address
	}
	at := strings.LastIndexByte(addr, '@')
	if at <= 0 || strings.ContainsAny(addr, " <>\r\n") {
		return "***"
	}
	first, _ := utf8.DecodeRuneInString(addr)
	return string(first) + "***" + addr[at:]
}
