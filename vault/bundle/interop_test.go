package bundle

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"filippo.io/age"
	"filippo.io/age/armor"

	"varn/model"
)

// ageCLI returns the path and version of the stock age tool, or skips.
func ageCLI(t *testing.T) (string, [3]int) {
	t.Helper()
	path, err := exec.LookPath("age")
	if err != nil {
		t.Skip("the age command is not installed (Debian: apt-get install age); interop with the stock tool not tested")
	}
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		t.Skipf("age --version failed: %v", err)
	}
	m := regexp.MustCompile(`(\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(string(out))
	var v [3]int
	if m != nil {
		for i := range v {
			v[i], _ = strconv.Atoi(m[i+1])
		}
	}
	return path, v
}

func run(t *testing.T, stdin []byte, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %v: %v: %s", name, args, err, stderr.String())
	}
	return out
}

// checkPlaintext checks a bundle decrypted by a third-party tool is our
// format, with every record readable as JSON.
func checkPlaintext(t *testing.T, plain []byte, recs []model.Record) {
	t.Helper()
	if !bytes.HasPrefix(plain, []byte(magicLine)) {
		t.Fatalf("decrypted bundle starts %q", plain[:min(len(plain), 20)])
	}
	f := splitFrames(t, plain)
	if len(f.records) != len(recs) {
		t.Fatalf("%d records in the plaintext, want %d", len(f.records), len(recs))
	}
	for i, r := range recs {
		want, _ := model.Encode(r)
		if !bytes.Equal(f.records[i], want) {
			t.Fatalf("record %d differs", i)
		}
	}
}

// TestAgeCLIDecryptsX25519Bundle: a body with only the stock age tool
// (Debian's age 1.1.1 knows X25519 only) opens a bundle exported to it.
func TestAgeCLIDecryptsX25519Bundle(t *testing.T) {
	agePath, _ := ageCLI(t)
	keygen := filepath.Join(filepath.Dir(agePath), "age-keygen")
	dir := t.TempDir()
	key := filepath.Join(dir, "key.txt")
	run(t, nil, keygen, "-o", key)
	recip := strings.TrimSpace(string(run(t, nil, keygen, "-y", key)))
	cve, err := PublicFromRecipients("", []string{recip}, "")
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t)
	recs := observations(30, vaultA)
	for _, armored := range []bool{false, true} {
		h := w.header(1)
		h.To, h.ToName, h.Armor = cve, "CVE", armored
		file := filepath.Join(dir, "bundle.age")
		if err := os.WriteFile(file, writeBundle(t, w.a, h, recs), 0o600); err != nil {
			t.Fatal(err)
		}
		checkPlaintext(t, run(t, nil, agePath, "-d", "-i", key, file), recs)
	}
}

// age13 returns the path of an age CLI of v1.3 or later (needed for the
// post-quantum age1pq keys): the age on PATH when it is new enough, else
// v1.3.2 built by `go install filippo.io/age/cmd/...@v1.3.2` into a
// temporary GOBIN and kept in the user's cache directory for the next run.
// Without go or the module proxy it skips, saying so.
func age13(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("age"); err == nil {
		if v := ageVersion(p); v[0] > 1 || v[0] == 1 && v[1] >= 3 {
			return p
		}
	}
	age13Once.Do(func() { age13Path, age13Err = installAge13() })
	if age13Err != nil {
		t.Skipf("no age v1.3 CLI for the post-quantum interop test: %v", age13Err)
	}
	return age13Path
}

var (
	age13Once sync.Once
	age13Path string
	age13Err  error
)

func ageVersion(path string) [3]int {
	var v [3]int
	out, err := exec.Command(path, "--version").Output()
	if err != nil {
		return v
	}
	if m := regexp.MustCompile(`(\d+)\.(\d+)\.(\d+)`).FindStringSubmatch(string(out)); m != nil {
		for i := range v {
			v[i], _ = strconv.Atoi(m[i+1])
		}
	}
	return v
}

func installAge13() (string, error) {
	const version = "v1.3.2"
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = os.TempDir()
	}
	dir := filepath.Join(cache, "varn-test", "age-"+version)
	bin := filepath.Join(dir, "age")
	if v := ageVersion(bin); v == [3]int{1, 3, 2} {
		return bin, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		if g := "/usr/local/go/bin/go"; fileExists(g) {
			goTool = g
		} else {
			return "", errors.New("the go command is not on PATH, so `go install filippo.io/age/cmd/...@" + version + "` cannot run; install age v1.3 by hand to run it")
		}
	}
	gobin, err := os.MkdirTemp("", "varn-age13-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(gobin)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "install", "filippo.io/age/cmd/...@"+version)
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=", "CGO_ENABLED=0")
	cmd.Dir = gobin
	if out, err := cmd.CombinedOutput(); err != nil {
		tail := strings.TrimSpace(string(out))
		if len(tail) > 300 {
			tail = "…" + tail[len(tail)-300:]
		}
		return "", fmt.Errorf("`go install filippo.io/age/cmd/...@%s` failed (is the Go module proxy reachable?): %v: %s", version, err, tail)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for _, name := range []string{"age", "age-keygen"} {
		b, err := os.ReadFile(filepath.Join(gobin, name))
		if err != nil {
			return "", fmt.Errorf("go install left no %s: %v", name, err)
		}
		tmp := filepath.Join(dir, name+".tmp")
		if err := os.WriteFile(tmp, b, 0o755); err != nil {
			return "", err
		}
		if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
			return "", err
		}
	}
	if v := ageVersion(bin); v != [3]int{1, 3, 2} {
		return "", fmt.Errorf("the installed age reports version %v, want 1.3.2", v)
	}
	return bin, nil
}

func fileExists(p string) bool { _, err := os.Stat(p); return err == nil }

// TestAgeCLIDecryptsPQBundle: the age v1.3 CLI opens a post-quantum
// bundle (binary and armored) with the partner's key file.
func TestAgeCLIDecryptsPQBundle(t *testing.T) {
	agePath := age13(t)
	w := newWorld(t)
	recs := observations(10, vaultA)
	dir := t.TempDir()
	key, _ := w.b.AgeIdentityFile()
	os.WriteFile(filepath.Join(dir, "key.txt"), key, 0o600)
	for _, armored := range []bool{false, true} {
		h := w.header(1)
		h.Armor = armored
		data := writeBundle(t, w.a, h, recs)
		if !armored && !bytes.Contains(data, []byte("mlkem768x25519")) {
			t.Fatal("bundle between varn vaults is not post-quantum")
		}
		os.WriteFile(filepath.Join(dir, "bundle.age"), data, 0o600)
		checkPlaintext(t, run(t, nil, agePath, "-d", "-i", filepath.Join(dir, "key.txt"), filepath.Join(dir, "bundle.age")), recs)
	}
}

// TestAgeCLI13Reencrypted: the v1.3 CLI re-encrypts a bundle's plaintext
// to our post-quantum recipient, as anyone with our public identity can.
// Only the signature decides: unchanged it verifies, altered or re-signed
// by a stranger it is rejected.
func TestAgeCLI13Reencrypted(t *testing.T) {
	agePath := age13(t)
	w := newWorld(t)
	recs := observations(5, vaultA)
	plain := plaintext(t, w, writeBundle(t, w.a, w.header(1), recs))
	pq := w.b.Public().Recipients[0]
	if !strings.HasPrefix(pq, "age1pq1") {
		t.Fatalf("first recipient %q is not post-quantum", pq[:10])
	}
	altered := splitFrames(t, plain)
	altered.records[1] = bytes.Replace(altered.records[1], []byte("polisen"), []byte("POLISEN"), 1)
	stranger := splitFrames(t, plain)
	stranger.resign(w.c, map[model.Kind]int{model.KindObservation: len(recs)})
	for _, tt := range []struct {
		name  string
		plain []byte
		want  error
	}{
		{"unchanged", plain, nil},
		{"record changed", altered.join(), ErrBadSignature},
		{"signed by a stranger", stranger.join(), ErrBadSignature},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := run(t, tt.plain, agePath, "-e", "-r", pq)
			if !bytes.Contains(data, []byte("mlkem768x25519")) {
				t.Fatal("age did not encrypt to the post-quantum recipient")
			}
			b, err := openBytes(data, w.openConfig())
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if b != nil {
				b.Close()
			}
		})
	}
}

// TestAgeGoAPIDecryptsPQBundle emulates `age -d -i key bundle.age` of the
// v1.3 CLI with age's Go API (the CLI is a thin layer over it): the key
// file parses with age.ParseIdentities and opens a post-quantum bundle,
// binary and armored.
func TestAgeGoAPIDecryptsPQBundle(t *testing.T) {
	w := newWorld(t)
	recs := observations(10, vaultA)
	key, err := w.b.AgeIdentityFile()
	if err != nil {
		t.Fatal(err)
	}
	ids, err := age.ParseIdentities(bytes.NewReader(key))
	if err != nil {
		t.Fatal(err)
	}
	for _, armored := range []bool{false, true} {
		h := w.header(1)
		h.Armor = armored
		data := writeBundle(t, w.a, h, recs)
		if !bytes.Contains(data, []byte("mlkem768x25519")) && !armored {
			t.Fatal("bundle between varn vaults is not post-quantum")
		}
		var in io.Reader = bytes.NewReader(data)
		if armored {
			in = armor.NewReader(in)
		}
		pr, err := age.Decrypt(in, ids...)
		if err != nil {
			t.Fatal(err)
		}
		var plain bytes.Buffer
		if _, err := plain.ReadFrom(pr); err != nil {
			t.Fatal(err)
		}
		checkPlaintext(t, plain.Bytes(), recs)
	}
}

// TestAgeCLIReencrypted: the stock tool can re-encrypt a bundle's
// plaintext to us, as anyone with our public key can; only the signature
// inside decides. Unchanged, it still verifies; with a record changed, or
// the signature replaced, it is rejected.
func TestAgeCLIReencrypted(t *testing.T) {
	agePath, _ := ageCLI(t)
	w := newWorld(t)
	recs := observations(10, vaultA)
	plain := plaintext(t, w, writeBundle(t, w.a, w.header(1), recs))
	x25519 := w.b.Public().Recipients[1] // the stock 1.1.1 tool knows X25519 only

	f := splitFrames(t, plain)
	altered := splitFrames(t, plain)
	altered.records[3] = bytes.Replace(altered.records[3], []byte("polisen"), []byte("POLISEN"), 1)
	stranger := splitFrames(t, plain)
	stranger.resign(w.c, map[model.Kind]int{model.KindObservation: len(recs)})
	noSig := splitFrames(t, plain)
	noSig.sig = nil
	tests := []struct {
		name  string
		plain []byte
		want  error
	}{
		{"unchanged", f.join(), nil},
		{"record changed", altered.join(), ErrBadSignature},
		{"signed by a stranger", stranger.join(), ErrBadSignature},
		{"signature removed", noSig.join(), ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := run(t, tt.plain, agePath, "-e", "-r", x25519)
			b, err := openBytes(data, w.openConfig())
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if b != nil {
				b.Close()
			}
		})
	}
}
