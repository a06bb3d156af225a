package mail

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"strconv"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// SMTPSender sends each message over its own SMTP connection. Sign-in and
// reset mail is rare, so a connection per message keeps nothing open and
// lets the context govern the whole conversation.
type SMTPSender struct {
	cfg    Config // with defaults filled in
	from   *netmail.Address
	err    error // the configuration's fault, returned by every Send
	logger *slog.Logger
}

func newSMTPSender(cfg Config, logger *slog.Logger) *SMTPSender {
	s := &SMTPSender{cfg: cfg, logger: logger}
	if err := cfg.Validate(); err != nil {
		s.err = err
		logger.Error("mail: invalid configuration; no mail will be sent", "err", err)
		return s
	}
	s.from, _ = netmail.ParseAddress(cfg.From) // Validate parsed it
	return s
}

// Send delivers m. It returns once the server has accepted the message or
// refused it, or when ctx is done or the configured timeout passes,
// whichever is first. Errors name the recipient only in redacted form and
// never carry the password or the message.
func (s *SMTPSender) Send(ctx context.Context, m Message) (err error) {
	if s.err != nil {
		return s.err
	}
	to, err := m.check()
	if err != nil {
		return err
	}
	rcpt := Redact(to.Address)
	server := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	defer func() {
		if err != nil {
			err = &sendError{
				msg: fmt.Sprintf("mail: sending to %s via %s: %s", rcpt, server, redactIn(err.Error(), to.Address, rcpt)),
				err: err,
			}
		}
	}()
	if err := ctx.Err(); err != nil {
		return err
	}

	msg := s.message(to, m)
	d := &dialer{cfg: s.cfg, tls: s.tlsConfig(), ctx: ctx}
	defer d.close()
	client, err := s.client(d)
	if err != nil {
		return err
	}

	start := time.Now()
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		// The dialer closes the connection when ctx ends, and go-mail then
		// reports a closed connection; say why it was closed.
		if ctxErr := ctx.Err(); ctxErr != nil {
			return fmt.Errorf("%w (%w)", ctxErr, err)
		}
		return err
	}
	s.logger.InfoContext(ctx, "mail: sent", "to", rcpt, "subject", m.Subject,
		"duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// message builds the MIME message: text/plain, with text/html as an
// alternative when m.HTML is set.
func (s *SMTPSender) message(to *netmail.Address, m Message) *gomail.Msg {
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(s.from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(s.from.Address))
	for k, v := range m.Headers {
		msg.SetGenHeader(gomail.Header(k), v)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg
}

// client makes a go-mail client for one conversation.
func (s *SMTPSender) client(d *dialer) (*gomail.Client, error) {
	opts := []gomail.Option{
		gomail.WithPort(s.cfg.Port),
		gomail.WithTimeout(s.cfg.Timeout),
		gomail.WithTLSConfig(d.tls),
		gomail.WithDialContextFunc(d.dial),
	}
	switch s.cfg.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSImplicit:
		// The dialer does the handshake; WithSSL stops go-mail trying
		// STARTTLS on top of it.
		opts = append(opts, gomail.WithSSL(), gomail.WithTLSPolicy(gomail.NoTLS))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	}
	if s.cfg.Username != "" {
		// go-mail's PLAIN refuses to send credentials over an unencrypted
		// connection to anything but a loopback server.
		opts = append(opts,
			gomail.WithSMTPAuth(gomail.SMTPAuthPlain),
			gomail.WithUsername(s.cfg.Username),
			gomail.WithPassword(s.cfg.Password))
	}
	c, err := gomail.NewClient(s.cfg.Host, opts...)
	if err != nil {
		return nil, fmt.Errorf("configuring client: %w", err)
	}
	return c, nil
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	return &tls.Config{
		ServerName:         s.cfg.Host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: s.cfg.InsecureSkipVerify, //nolint:gosec // tests only, documented on Config
	}
}

// dialer opens the TCP connection for one conversation and closes it when
// the caller's context ends. go-mail honours a context only while dialling
// and then relies on its fixed timeout; closing the socket is what makes a
// cancelled Send return at once even against a server that has gone quiet.
type dialer struct {
	cfg  Config
	tls  *tls.Config
	ctx  context.Context // the caller's, not go-mail's dial-only one
	raw  net.Conn
	stop func() bool
}

func (d *dialer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	var nd net.Dialer
	raw, err := nd.DialContext(ctx, network, addr)
	if err != nil {
		return nil, err
	}
	d.raw = raw
	d.stop = context.AfterFunc(d.ctx, func() { raw.Close() })
	if d.cfg.TLS != TLSImplicit {
		return raw, nil
	}
	// A *tls.Conn, unwrapped, so that go-mail knows the link is encrypted.
	tc := tls.Client(raw, d.tls)
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		return nil, fmt.Errorf("TLS handshake: %w", err)
	}
	return tc, nil
}

// close releases the connection; go-mail leaves it open on some errors.
func (d *dialer) close() {
	if d.stop != nil {
		d.stop()
	}
	if d.raw != nil {
		d.raw.Close()
	}
}

// messageID returns a Message-ID value (without angle brackets) on the
// sender's own domain.
func messageID(from string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		domain = from[at+1:]
	}
	return rand.Text() + "@" + domain
}

// sendError keeps the recipient's address out of an error's text (go-mail
// and servers quote it) while errors.Is and errors.As still reach the
// cause, such as a *gomail.SendError and its IsTemp.
type sendError struct {
	msg string
	err error
}

func (e *sendError) Error() string { return e.msg }
func (e *sendError) Unwrap() error { return e.err }

// redactIn replaces addr in s, in any case, with redacted.
func redactIn(s, addr, redacted string) string {
	if addr == "" {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+len(addr) <= len(s) && strings.EqualFold(s[i:i+len(addr)], addr) {
			b.WriteString(redacted)
			i += len(addr)
			continue
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
