package serve

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/kehu-app/kehu/i18n"
	"github.com/kehu-app/kehu/store"
	gossh "golang.org/x/crypto/ssh"
)

// ReadPublicKeys reads the SSH public keys of a .pub file (one key, as
// ssh-keygen writes it) or of an authorized_keys file (one a line; blank
// lines and # comments skipped). A file with no key, or with a line that
// is not a public key (a private key given by mistake, say), is refused.
func ReadPublicKeys(path string) ([]store.StaffKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", i18n.Errorf("serve.key.read", path), err)
	}
	var keys []store.StaffKey
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		pk, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(text))
		if err != nil {
			return nil, i18n.Errorf("serve.key.bad", path, line)
		}
		keys = append(keys, StaffKeyOf(pk, comment))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%w: %w", i18n.Errorf("serve.key.read", path), err)
	}
	if len(keys) == 0 {
		return nil, i18n.Errorf("serve.key.none", path)
	}
	return keys, nil
}

// StaffKeyOf is how the ledger keeps pk: its authorized_keys form without
// a comment (the form compared at sign-in), its SHA256 fingerprint and the
// comment it came with.
func StaffKeyOf(pk gossh.PublicKey, comment string) store.StaffKey {
	return store.StaffKey{
		Key:         authorizedForm(pk),
		Fingerprint: gossh.FingerprintSHA256(pk),
		Comment:     strings.TrimSpace(comment),
	}
}

func authorizedForm(pk gossh.PublicKey) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk)))
}

// ensureHostKey makes the server's host key at path on first run (an
// Ed25519 key, file 0600 in a folder made 0700) and refuses one that
// others than its owner may read: the key is what lets staff trust they
// reach this shop's server. It returns the key's fingerprint.
func ensureHostKey(path string) (string, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return writeHostKey(path)
	}
	if err != nil {
		return "", fmt.Errorf("%w: %w", i18n.Errorf("serve.hostkey.read", path), err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", i18n.Errorf("serve.hostkey.open", path, fmt.Sprintf("%04o", st.Mode().Perm()))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%w: %w", i18n.Errorf("serve.hostkey.read", path), err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return "", i18n.Errorf("serve.hostkey.bad", path)
	}
	return gossh.FingerprintSHA256(signer.PublicKey()), nil
}

func writeHostKey(path string) (string, error) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return "", fmt.Errorf("generate host key: %w", err)
	}
	block, err := gossh.MarshalPrivateKey(priv, "kehu serve host key")
	if err != nil {
		return "", fmt.Errorf("generate host key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", fmt.Errorf("%w: %w", i18n.Errorf("serve.hostkey.write", path), err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return "", fmt.Errorf("%w: %w", i18n.Errorf("serve.hostkey.write", path), err)
	}
	if _, err := f.Write(pem.EncodeToMemory(block)); err != nil {
		f.Close()
		os.Remove(path)
		return "", fmt.Errorf("%w: %w", i18n.Errorf("serve.hostkey.write", path), err)
	}
	if err := f.Close(); err != nil {
		os.Remove(path)
		return "", fmt.Errorf("%w: %w", i18n.Errorf("serve.hostkey.write", path), err)
	}
	spk, err := gossh.NewPublicKey(pub)
	if err != nil {
		return "", fmt.Errorf("generate host key: %w", err)
	}
	return gossh.FingerprintSHA256(spk), nil
}
