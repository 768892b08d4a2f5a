package serve

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kehu-app/kehu/i18n"
	gossh "golang.org/x/crypto/ssh"
)

func writeFile(t *testing.T, dir, name, text string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func newKey(t *testing.T) (gossh.PublicKey, ed25519.PrivateKey) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return pk, priv
}

func TestReadPublicKeys(t *testing.T) {
	dir := t.TempDir()
	pk1, priv := newKey(t)
	pk2, _ := newKey(t)
	line1 := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk1)))
	line2 := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(pk2)))

	keys, err := ReadPublicKeys(writeFile(t, dir, "wang.pub", line1+" wang@till\n", 0o644))
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0].Key != line1 || keys[0].Comment != "wang@till" || !strings.HasPrefix(keys[0].Fingerprint, "SHA256:") {
		t.Errorf("one .pub: %+v", keys)
	}
	keys, err = ReadPublicKeys(writeFile(t, dir, "authorized_keys", "# the shop\n\n"+line1+"\n"+line2+" li@laptop\n", 0o644))
	if err != nil || len(keys) != 2 || keys[1].Comment != "li@laptop" {
		t.Errorf("authorized_keys: %+v %v", keys, err)
	}

	block, err := gossh.MarshalPrivateKey(priv, "")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ReadPublicKeys(writeFile(t, dir, "wang", string(pem.EncodeToMemory(block)), 0o600))
	if err == nil || !strings.Contains(i18n.Message(err, i18n.EN), "line 1 is not an SSH public key") {
		t.Errorf("a private key given as the public one: %v", err)
	}
	_, err = ReadPublicKeys(writeFile(t, dir, "empty.pub", "\n# nothing\n", 0o644))
	if err == nil || !strings.Contains(err.Error(), "holds no SSH public key") {
		t.Errorf("an empty file: %v", err)
	}
	_, err = ReadPublicKeys(filepath.Join(dir, "missing.pub"))
	if err == nil || !strings.Contains(i18n.Message(err, i18n.ZH), "无法读取公钥文件") {
		t.Errorf("a missing file: %v", err)
	}
}

func TestHostKeyMadePrivateOnce(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "sub", "host_key")
	fp, err := ensureHostKey(p)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("host key %v mode %v, want 0600", err, st.Mode().Perm())
	}
	again, err := ensureHostKey(p)
	if err != nil || again != fp {
		t.Errorf("second run: %q %v, want the same key %q", again, err, fp)
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ensureHostKey(p); err == nil || !strings.Contains(err.Error(), "can be read by others (mode 0644)") {
		t.Errorf("a host key others may read: %v", err)
	}
	bad := writeFile(t, dir, "not_a_key", "hello", 0o600)
	if _, err := ensureHostKey(bad); err == nil || !strings.Contains(err.Error(), "is not an SSH private key") {
		t.Errorf("a file that is no key: %v", err)
	}
}

func TestSessionLanguage(t *testing.T) {
	for _, c := range []struct {
		staff   string
		environ []string
		want    i18n.Lang
	}{
		{"", nil, i18n.EN},                                      // nothing sent: the server's
		{"", []string{"LANG=zh_CN.UTF-8"}, i18n.ZH},             // the client's LANG
		{"", []string{"LANG=zh_CN.UTF-8", "LC_ALL=C"}, i18n.EN}, // LC_ALL before LANG
		{"en", []string{"LANG=zh_CN.UTF-8"}, i18n.EN},           // the staff member's setting first
		{"zh", nil, i18n.ZH},
	} {
		if got := sessionLang(c.staff, c.environ, i18n.EN); got != c.want {
			t.Errorf("staff %q env %v: %s, want %s", c.staff, c.environ, got, c.want)
		}
	}
}
