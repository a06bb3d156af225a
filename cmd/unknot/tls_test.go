package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// selfSigned writes a certificate and key for 127.0.0.1 and returns their paths.
func selfSigned(t *testing.T) (certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kb, _ := x509.MarshalECPrivateKey(key)
	dir := t.TempDir()
	certFile, keyFile = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	writeFile(t, certFile, string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})))
	writeFile(t, keyFile, string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb})))
	return certFile, keyFile
}

// TestTLS serves HTTPS: HSTS is sent and the session cookie is Secure.
func TestTLS(t *testing.T) {
	cert, key := selfSigned(t)
	m := startMain(t, Config{TLSCert: cert, TLSKey: key})
	if !strings.HasPrefix(m.URL(), "https://") {
		t.Fatalf("URL = %s", m.URL())
	}
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	resp, err := client.Post(m.URL()+"/api/v1/setup", "application/json",
		strings.NewReader(`{"email": "tls@example.org", "password": "`+strongPassword+`", "clinic_name": "TLS"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 || !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
		t.Fatalf("setup over TLS = %d, HSTS %q", resp.StatusCode, resp.Header.Get("Strict-Transport-Security"))
	}
	if len(resp.Cookies()) == 0 {
		t.Fatal("setup over TLS set no cookie")
	}
	for _, c := range resp.Cookies() {
		if !c.Secure {
			t.Fatal("the session cookie is not Secure over TLS")
		}
	}
	if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Referrer-Policy") == "" {
		t.Fatalf("security headers missing: %v", resp.Header)
	}
	// Plain HTTP gets no HSTS and no Secure cookie.
	plain := startMain(t, Config{})
	resp, err = http.Get(plain.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("Strict-Transport-Security") != "" {
		t.Fatal("HSTS sent over plain HTTP")
	}
}

// TestOversizedAuthBodies: a huge sign-up or sign-in body is 413, not a
// hash of megabytes.
func TestOversizedAuthBodies(t *testing.T) {
	m := startMain(t, Config{})
	big := `{"email": "a@example.org", "password": "` + strings.Repeat("x", 2<<20) + `"}`
	for _, path := range []string{"/api/v1/signup", "/api/v1/login"} {
		resp, err := http.Post(m.URL()+path, "application/json", bytes.NewReader([]byte(big)))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("%s with 2 MiB = %d; want 413", path, resp.StatusCode)
		}
	}
}
