package mail

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	gomail "github.com/wneessen/go-mail"
)

// A link long enough to be folded by quoted-printable and full of the
// characters it escapes.
const link = "https://unknot.example.org/sign-in?token=Zx9_aQ-3bR7kLmN0pQrStUvWxYz0123456789abcdefghijKLMNOP&next=%2Fplan%3Fday%3D3"

// delivery is what the test server saw of one message.
type delivery struct {
	from string
	to   []string
	data []byte
	tls  bool // the message travelled over TLS
}

// testServer is an in-process SMTP server; Send holds a real SMTP
// conversation with it.
type testServer struct {
	addr *net.TCPAddr

	// Set before the first connection.
	user, pass  string // when set, AUTH PLAIN is offered and required
	refuseRcpt  bool
	failedAuths atomic.Int32

	mu         sync.Mutex
	deliveries []delivery
	authed     []string // usernames that authenticated
}

type serverOpts struct {
	startTLS     bool // offer STARTTLS with a self-signed certificate
	implicitTLS  bool // TLS from the first byte
	insecureAuth bool // offer AUTH over plain text
	user, pass   string
	refuseRcpt   bool
}

func startServer(t *testing.T, o serverOpts) *testServer {
	t.Helper()
	ts := &testServer{user: o.user, pass: o.pass, refuseRcpt: o.refuseRcpt}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{ts: ts, tls: isTLS}, nil
	}))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = o.insecureAuth
	srv.ReadTimeout = 10 * time.Second
	srv.WriteTimeout = 10 * time.Second
	srv.ErrorLog = testLogger{t}

	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if o.startTLS || o.implicitTLS {
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{selfSigned(t)}}
	}
	if o.implicitTLS {
		l = tls.NewListener(l, srv.TLSConfig)
	}
	ts.addr = l.Addr().(*net.TCPAddr)
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	t.Cleanup(func() {
		srv.Close()
		<-done
	})
	return ts
}

func (ts *testServer) config(tlsMode string) Config {
	return Config{
		Host:    "127.0.0.1",
		Port:    ts.addr.Port,
		TLS:     tlsMode,
		From:    "unknot <no-reply@example.org>",
		Timeout: 5 * time.Second,
	}
}

func (ts *testServer) only(t *testing.T) delivery {
	t.Helper()
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.deliveries) != 1 {
		t.Fatalf("server received %d messages, want 1", len(ts.deliveries))
	}
	return ts.deliveries[0]
}

type session struct {
	ts     *testServer
	tls    bool
	authed bool
	cur    delivery
}

func (s *session) AuthMechanisms() []string {
	if s.ts.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain || s.ts.user == "" {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != s.ts.user || password != s.ts.pass {
			s.ts.failedAuths.Add(1)
			return errors.New("invalid username or password")
		}
		s.authed = true
		s.ts.mu.Lock()
		s.ts.authed = append(s.ts.authed, username)
		s.ts.mu.Unlock()
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if s.ts.user != "" && !s.authed {
		return smtp.ErrAuthRequired
	}
	s.cur = delivery{from: from, tls: s.tls}
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if s.ts.refuseRcpt {
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	}
	s.cur.to = append(s.cur.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.cur.data = b
	s.ts.mu.Lock()
	s.ts.deliveries = append(s.ts.deliveries, s.cur)
	s.ts.mu.Unlock()
	return nil
}

func (s *session) Reset()        { s.cur = delivery{} }
func (s *session) Logout() error { return nil }

type testLogger struct{ t *testing.T }

func (l testLogger) Printf(format string, v ...any) { l.t.Logf("smtp server: "+format, v...) }
func (l testLogger) Println(v ...any)               { l.t.Log(append([]any{"smtp server:"}, v...)...) }

// selfSigned makes a certificate for 127.0.0.1 that nothing trusts.
func selfSigned(t *testing.T) tls.Certificate {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:     []string{"localhost"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// parsed is a received message, decoded.
type parsed struct {
	header netmail.Header
	text   string
	html   string
}

// parse decodes a received message as a mail reader would: headers, then
// the text and HTML parts with their transfer encoding undone.
func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("reading message: %v\n%s", err, data)
	}
	p := parsed{header: msg.Header}
	mediaType, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	if !strings.HasPrefix(mediaType, "multipart/") {
		p.set(t, mediaType, decode(t, msg.Header.Get("Content-Transfer-Encoding"), msg.Body))
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // undoes quoted-printable itself
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("reading part: %v", err)
		}
		partType, _, err := mime.ParseMediaType(part.Header.Get("Content-Type"))
		if err != nil {
			t.Fatal(err)
		}
		p.set(t, partType, decode(t, part.Header.Get("Content-Transfer-Encoding"), part))
	}
	return p
}

func (p *parsed) set(t *testing.T, mediaType, body string) {
	switch mediaType {
	case "text/plain":
		p.text = body
	case "text/html":
		p.html = body
	default:
		t.Errorf("unexpected part %s", mediaType)
	}
}

func decode(t *testing.T, encoding string, r io.Reader) string {
	t.Helper()
	switch strings.ToLower(encoding) {
	case "quoted-printable":
		r = quotedprintable.NewReader(r)
	case "", "7bit", "8bit":
	default:
		t.Fatalf("unexpected transfer encoding %q", encoding)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func signInMessage() Message {
	return Message{
		To:      "jane@example.net",
		Subject: "Sign in to unknot — your link",
		Text:    "Hello,\n\nOpen this link to sign in:\n\n" + link + "\n\nIt works once, for 15 minutes.\n",
	}
}

func TestSendPlainDeliversHeadersAndIntactLink(t *testing.T) {
	ts := startServer(t, serverOpts{})
	var logs bytes.Buffer
	s := New(ts.config("none"), slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	m := signInMessage()
	if err := s.Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}

	d := ts.only(t)
	if d.from != "no-reply@example.org" {
		t.Errorf("MAIL FROM %q", d.from)
	}
	if len(d.to) != 1 || d.to[0] != "jane@example.net" {
		t.Errorf("RCPT TO %q", d.to)
	}
	p := parse(t, d.data)
	from, err := p.header.AddressList("From")
	if err != nil || len(from) != 1 || from[0].Address != "no-reply@example.org" || from[0].Name != "unknot" {
		t.Errorf("From %q (%v)", p.header.Get("From"), err)
	}
	to, err := p.header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "jane@example.net" {
		t.Errorf("To %q (%v)", p.header.Get("To"), err)
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(p.header.Get("Subject"))
	if err != nil || subject != m.Subject {
		t.Errorf("Subject %q, want %q (%v)", subject, m.Subject, err)
	}
	if date, err := p.header.Date(); err != nil || time.Since(date).Abs() > time.Minute {
		t.Errorf("Date %q (%v)", p.header.Get("Date"), err)
	}
	if id := p.header.Get("Message-ID"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID %q", id)
	}
	if p.text != m.Text {
		t.Errorf("text body:\n%q\nwant\n%q", p.text, m.Text)
	}
	if !strings.Contains(p.text, link) {
		t.Errorf("link not intact in %q", p.text)
	}
	if p.html != "" {
		t.Errorf("unexpected HTML part %q", p.html)
	}

	// Production logs name the message, never its contents or the full address.
	if got := logs.String(); strings.Contains(got, "token=") || strings.Contains(got, "jane@") || !strings.Contains(got, "j***@example.net") {
		t.Errorf("log:\n%s", got)
	}
}

func TestSendWithHTMLIsMultipartAlternative(t *testing.T) {
	ts := startServer(t, serverOpts{})
	m := signInMessage()
	m.HTML = `<p>Open <a href="` + link + `">this link</a> to sign in.</p>`
	if err := New(ts.config("none"), nil).Send(t.Context(), m); err != nil {
		t.Fatal(err)
	}
	p := parse(t, ts.only(t).data)
	if ct := p.header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative") {
		t.Errorf("Content-Type %q", ct)
	}
	if p.text != m.Text {
		t.Errorf("text part %q", p.text)
	}
	if p.html != m.HTML {
		t.Errorf("HTML part %q, want %q", p.html, m.HTML)
	}
}

func TestSendConcurrently(t *testing.T) {
	ts := startServer(t, serverOpts{startTLS: true})
	cfg := ts.config("starttls")
	cfg.InsecureSkipVerify = true
	s := New(cfg, nil)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() { errs <- s.Send(t.Context(), signInMessage()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.deliveries) != 4 {
		t.Errorf("server received %d messages, want 4", len(ts.deliveries))
	}
}

func TestSendSTARTTLSWithAuthPlain(t *testing.T) {
	ts := startServer(t, serverOpts{startTLS: true, user: "mailer", pass: "s3cret pass"})
	cfg := ts.config("") // STARTTLS is the default
	cfg.Username, cfg.Password = "mailer", "s3cret pass"
	cfg.InsecureSkipVerify = true
	if err := New(cfg, nil).Send(t.Context(), signInMessage()); err != nil {
		t.Fatal(err)
	}
	d := ts.only(t)
	if !d.tls {
		t.Error("message travelled in plain text")
	}
	if got := parse(t, d.data).text; !strings.Contains(got, link) {
		t.Errorf("text %q", got)
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.authed) != 1 || ts.authed[0] != "mailer" {
		t.Errorf("authenticated as %q", ts.authed)
	}
}

func TestSendWrongPasswordFailsWithoutLeakingIt(t *testing.T) {
	ts := startServer(t, serverOpts{startTLS: true, user: "mailer", pass: "right"})
	cfg := ts.config("starttls")
	cfg.Username, cfg.Password = "mailer", "wrong-and-private"
	cfg.InsecureSkipVerify = true
	err := New(cfg, nil).Send(t.Context(), signInMessage())
	if err == nil {
		t.Fatal("sent with a wrong password")
	}
	if strings.Contains(err.Error(), "wrong-and-private") {
		t.Errorf("error carries the password: %v", err)
	}
	if ts.failedAuths.Load() != 1 {
		t.Errorf("server saw %d failed AUTH, want 1", ts.failedAuths.Load())
	}
}

func TestSendAuthPlainOverLoopbackWithoutTLS(t *testing.T) {
	ts := startServer(t, serverOpts{insecureAuth: true, user: "mailer", pass: "pw"})
	cfg := ts.config("none")
	cfg.Username, cfg.Password = "mailer", "pw"
	if err := New(cfg, nil).Send(t.Context(), signInMessage()); err != nil {
		t.Fatal(err)
	}
	ts.only(t)
}

func TestSendImplicitTLS(t *testing.T) {
	ts := startServer(t, serverOpts{implicitTLS: true, user: "mailer", pass: "pw"})
	cfg := ts.config("tls")
	cfg.Username, cfg.Password = "mailer", "pw"
	cfg.InsecureSkipVerify = true
	if err := New(cfg, nil).Send(t.Context(), signInMessage()); err != nil {
		t.Fatal(err)
	}
	if !ts.only(t).tls {
		t.Error("message travelled in plain text")
	}
}

func TestSendVerifiesCertificateByDefault(t *testing.T) {
	ts := startServer(t, serverOpts{startTLS: true})
	err := New(ts.config("starttls"), nil).Send(t.Context(), signInMessage())
	if err == nil {
		t.Fatal("accepted a self-signed certificate without InsecureSkipVerify")
	}
	var certErr *tls.CertificateVerificationError
	if !errors.As(err, &certErr) {
		t.Errorf("want a certificate error, got %v", err)
	}
}

func TestSendSTARTTLSRequiredButNotOffered(t *testing.T) {
	ts := startServer(t, serverOpts{})
	cfg := ts.config("starttls")
	cfg.InsecureSkipVerify = true
	if err := New(cfg, nil).Send(t.Context(), signInMessage()); err == nil {
		t.Fatal("sent in plain text though STARTTLS was required")
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if len(ts.deliveries) != 0 {
		t.Errorf("server received %d messages", len(ts.deliveries))
	}
}

func TestSendRefusedRecipient(t *testing.T) {
	ts := startServer(t, serverOpts{refuseRcpt: true})
	err := New(ts.config("none"), nil).Send(t.Context(), signInMessage())
	if err == nil {
		t.Fatal("no error when the server refused the recipient")
	}
	if !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "j***@example.net") {
		t.Errorf("error %q should give the server's answer and the redacted recipient", err)
	}
	if strings.Contains(err.Error(), "jane@") {
		t.Errorf("error names the full recipient: %v", err)
	}
	var sendErr *gomail.SendError
	if !errors.As(err, &sendErr) || sendErr.IsTemp() {
		t.Errorf("want a permanent *gomail.SendError under %v", err)
	}
}

// silentServer accepts connections and never says a word.
func silentServer(t *testing.T) (port int, accepted *atomic.Int32) {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	accepted = new(atomic.Int32)
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		l.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return l.Addr().(*net.TCPAddr).Port, accepted
}

func TestSendToSilentServerStopsWithContext(t *testing.T) {
	port, accepted := silentServer(t)
	cfg := Config{Host: "127.0.0.1", Port: port, TLS: "none", From: "no-reply@example.org", Timeout: time.Minute}
	s := New(cfg, nil)

	t.Run("deadline", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := s.Send(ctx, signInMessage())
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("err = %v, want deadline exceeded", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		err := s.Send(ctx, signInMessage())
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want canceled", err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		cfg := cfg
		cfg.Timeout = 300 * time.Millisecond
		start := time.Now()
		if err := New(cfg, nil).Send(t.Context(), signInMessage()); err == nil {
			t.Error("no error from a silent server")
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("took %v", d)
		}
	})
	if accepted.Load() != 3 {
		t.Errorf("silent server accepted %d connections, want 3", accepted.Load())
	}
}

func TestSendRefusesBadMessageBeforeDialling(t *testing.T) {
	port, accepted := silentServer(t)
	s := New(Config{Host: "127.0.0.1", Port: port, TLS: "none", From: "no-reply@example.org", Timeout: time.Minute}, nil)
	good := signInMessage()
	for name, m := range map[string]Message{
		"no at":            {To: "jane.example.net", Subject: good.Subject, Text: good.Text},
		"empty":            {To: "", Subject: good.Subject, Text: good.Text},
		"two addresses":    {To: "a@example.net, b@example.net", Subject: good.Subject, Text: good.Text},
		"header injection": {To: "jane@example.net\r\nBcc: x@example.net", Subject: good.Subject, Text: good.Text},
		"subject newline":  {To: good.To, Subject: "hi\r\nBcc: x@example.net", Text: good.Text},
		"no text":          {To: good.To, Subject: good.Subject, Text: "  \n"},
	} {
		t.Run(name, func(t *testing.T) {
			err := s.Send(t.Context(), m)
			if !errors.Is(err, ErrInvalidMessage) {
				t.Errorf("err = %v, want ErrInvalidMessage", err)
			}
		})
	}
	time.Sleep(50 * time.Millisecond) // an accept would have landed by now
	if n := accepted.Load(); n != 0 {
		t.Errorf("dialled the server %d times", n)
	}
}

func TestInvalidConfigFailsEverySend(t *testing.T) {
	for name, cfg := range map[string]Config{
		"tls mode":   {Host: "smtp.example.org", TLS: "ssl", From: "no-reply@example.org"},
		"no from":    {Host: "smtp.example.org"},
		"bad from":   {Host: "smtp.example.org", From: "not an address"},
		"bad port":   {Host: "smtp.example.org", Port: 70000, From: "no-reply@example.org"},
		"pass alone": {Host: "smtp.example.org", Password: "p", From: "no-reply@example.org"},
	} {
		t.Run(name, func(t *testing.T) {
			verr := cfg.Validate()
			if verr == nil {
				t.Fatal("Validate accepted it")
			}
			if err := New(cfg, nil).Send(t.Context(), signInMessage()); err == nil || err.Error() != verr.Error() {
				t.Errorf("Send = %v, want %v", err, verr)
			}
		})
	}
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("empty config (log only): %v", err)
	}
}

func TestLogSenderWritesLinkAndWarns(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	s := New(Config{}, logger)
	if _, ok := s.(*LogSender); !ok {
		t.Fatalf("New with no host gave %T", s)
	}
	if err := s.Send(t.Context(), signInMessage()); err != nil {
		t.Fatal(err)
	}
	got := logs.String()
	if !strings.Contains(got, link) {
		t.Errorf("link not in log:\n%s", got)
	}
	if strings.Count(got, "level=WARN") != 2 || !strings.Contains(got, "no SMTP server configured") {
		t.Errorf("want a WARN at start and one per message:\n%s", got)
	}
	if err := s.Send(t.Context(), Message{To: "nobody", Text: "x"}); !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("bad address: %v", err)
	}
}

func TestDescribeNeverShowsPassword(t *testing.T) {
	const password = "hunter2-very-secret"
	for _, tc := range []struct {
		cfg  Config
		want string
	}{
		{Config{Password: password}, "mail: no SMTP server configured; sign-in and reset links will be written to the log"},
		{Config{Host: "smtp.example.org", Username: "u", Password: password, From: "unknot <no-reply@example.org>"},
			"mail: smtp.example.org:587 (starttls) as no-reply@example.org, signing in as u"},
		{Config{Host: "smtp.example.org", TLS: "TLS", Password: password, From: "no-reply@example.org"},
			"mail: smtp.example.org:465 (tls) as no-reply@example.org"},
		{Config{Host: "::1", Port: 2525, TLS: "none", Username: "u", Password: password},
			"mail: [::1]:2525 (none) with no valid From address, signing in as u"},
	} {
		got := tc.cfg.Describe()
		if got != tc.want {
			t.Errorf("Describe() = %q, want %q", got, tc.want)
		}
		if strings.Contains(got, password) {
			t.Errorf("Describe() shows the password: %q", got)
		}
		if err := tc.cfg.Validate(); err != nil && strings.Contains(err.Error(), password) {
			t.Errorf("Validate() shows the password: %v", err)
		}
	}
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"jane@example.org":        "j***@example.org",
		"Jane <jane@example.org>": "j***@example.org",
		"élodie@example.fr":       "é***@example.fr",
		"nobody":                  "***",
		"":                        "***",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redactIn("550 <Jane@Example.NET> unknown; jane@example.net", "jane@example.net", "j***@example.net"); got != "550 <j***@example.net> unknown; j***@example.net" {
		t.Errorf("redactIn: %q", got)
	}
}
