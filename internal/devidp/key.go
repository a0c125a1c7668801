package devidp

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	jose "github.com/go-jose/go-jose/v4"
)

// signingKey is the provider's only key; its ID is the RFC 7638 thumbprint,
// so a key loaded again from its file keeps its kid.
type signingKey struct {
	id  string
	key *rsa.PrivateKey
}

func newSigningKey(key *rsa.PrivateKey) (signingKey, error) {
	thumb, err := (&jose.JSONWebKey{Key: &key.PublicKey}).Thumbprint(crypto.SHA256)
	if err != nil {
		return signingKey{}, fmt.Errorf("devidp: key thumbprint: %w", err)
	}
	return signingKey{id: base64.RawURLEncoding.EncodeToString(thumb), key: key}, nil
}

// SignatureAlgorithm, Key and ID implement op.SigningKey.
func (k signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k signingKey) Key() any                                    { return k.key }
func (k signingKey) ID() string                                  { return k.id }

// publicKey is the signing key as published in the JWKS (op.Key).
type publicKey struct{ signingKey }

func (k publicKey) Algorithm() jose.SignatureAlgorithm { return jose.RS256 }
func (k publicKey) Use() string                        { return "sig" }
func (k publicKey) Key() any                           { return &k.key.PublicKey }

// loadOrCreateKey reads the RSA key at path, or generates one and stores it
// there (mode 0600) when the file is missing. An empty path keeps the key in
// memory only.
func loadOrCreateKey(path string) (*rsa.PrivateKey, error) {
	if path == "" {
		return rsa.GenerateKey(rand.Reader, 2048)
	}
	b, err := os.ReadFile(path)
	if err == nil {
		return parseKey(b, path)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("devidp: read key: %w", err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, err
	}
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
	if err := writeNewFile(path, pemBytes); errors.Is(err, fs.ErrExist) {
		// Another process created it first: use that one, so both sign alike.
		return loadOrCreateKey(path)
	} else if err != nil {
		return nil, fmt.Errorf("devidp: write key: %w", err)
	}
	return key, nil
}

// writeNewFile writes a complete file at path, failing with fs.ErrExist if
// path already exists: readers never see a half-written key.
func writeNewFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, ".devidp-key-*") // mode 0600
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Link(tmp.Name(), path)
}

func parseKey(b []byte, path string) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(b)
	if block == nil {
		return nil, fmt.Errorf("devidp: %s: no PEM block", path)
	}
	switch block.Type {
	case "RSA PRIVATE KEY":
		return x509.ParsePKCS1PrivateKey(block.Bytes)
	case "PRIVATE KEY":
		k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("devidp: %s: %w", path, err)
		}
		rsaKey, ok := k.(*rsa.PrivateKey)
		if !ok {
			return nil, fmt.Errorf("devidp: %s: not an RSA key", path)
		}
		return rsaKey, nil
	default:
		return nil, fmt.Errorf("devidp: %s: unexpected PEM block %q", path, block.Type)
	}
}
