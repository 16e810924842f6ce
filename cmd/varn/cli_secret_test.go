package main

import (
	"os"
	"strings"
	"testing"

	"filippo.io/age/plugin"
)

// TestSecretFilesMustBePrivate: a passphrase or identity file that group
// or others may read is refused with a line naming the file and the fix,
// as ssh refuses such a private key; the vault is not opened. An identity
// file holding only age plugin stubs (a YubiKey's) holds no secret and is
// accepted whatever its mode.
func TestSecretFilesMustBePrivate(t *testing.T) {
	c := newCLIT(t)
	c.init()
	id := mustIdentity(t)
	stub := plugin.EncodeIdentity("yubikey", []byte("slot-1"))
	tests := []struct {
		name    string
		file    string
		content string
		mode    os.FileMode
		flag    string
		refused bool
	}{
		{"passphrase file 0644", "pass644", cliPass + "\n", 0o644, "--passphrase-file", true},
		{"passphrase file 0640", "pass640", cliPass + "\n", 0o640, "--passphrase-file", true},
		{"passphrase file 0602", "pass602", cliPass + "\n", 0o602, "--passphrase-file", true},
		{"passphrase file 0600", "pass600", cliPass + "\n", 0o600, "--passphrase-file", false},
		{"passphrase file 0400", "pass400", cliPass + "\n", 0o400, "--passphrase-file", false},
		{"identity file 0644", "id644.txt", id + "\n", 0o644, "-i", true},
		{"identity file 0600", "id600.txt", id + "\n", 0o600, "-i", false},
		{"plugin stub 0644", "stub.txt", stub + "\n", 0o644, "-i", false},
		{"stub and a real key 0644", "mixed.txt", stub + "\n" + id + "\n", 0o644, "-i", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := c.write(tt.file, tt.content)
			if err := os.Chmod(p, tt.mode); err != nil {
				t.Fatal(err)
			}
			r := c.run("", "record", "list", "--vault", c.vault, tt.flag, p)
			if tt.refused {
				r.fails(t, 1, "chmod 600 "+p)
				return
			}
			if r.code != 0 && strings.Contains(r.stderr, "readable or writable by others") {
				t.Fatalf("a private or secret-free file was refused: %s", r.stderr)
			}
			if tt.flag == "--passphrase-file" && r.code != 0 {
				t.Fatalf("the private passphrase file did not open the vault: %s", r.stderr)
			}
		})
	}
}

// TestRecordUpdate: 'record update' replaces a record with the version
// read, as 'record get --json' prints it; a stale version, another kind,
// a missing version or another ID is refused and changes nothing.
func TestRecordUpdate(t *testing.T) {
	c := newCLIT(t)
	c.init()
	id := strings.TrimSpace(c.ok("", "record", "add", "observation", "--json", c.write("o.json", obsJSON("first words"))).stdout)
	got := c.ok("", "record", "get", id, "--json").stdout
	v1 := c.write("v1.json", strings.Replace(got, "first words", "second words", 1))
	if out := c.ok("", "record", "update", id, "--json", v1).stdout; out != id+" version 2\n" {
		t.Fatalf("update printed %q", out)
	}
	if got := c.ok("", "record", "get", id, "--json").stdout; !strings.Contains(got, "second words") || !strings.Contains(got, `"version":2`) {
		t.Fatalf("after update: %s", got)
	}
	// The same file again carries version 1, which is stale now.
	c.v("", "record", "update", id, "--json", v1).fails(t, 1, "changed since version 1 was read")
	noVersion := c.write("nov.json", strings.Replace(strings.Replace(got, `"version":1,`, "", 1), "first words", "x", 1))
	c.v("", "record", "update", id, "--json", noVersion).fails(t, 1, "version")
	other := strings.TrimSpace(c.ok("", "record", "add", "observation", "--json", c.write("o2.json", obsJSON("other"))).stdout)
	c.v("", "record", "update", other, "--json", v1).fails(t, 1, "not "+other)
	if got := c.ok("", "record", "get", id, "--json").stdout; !strings.Contains(got, "second words") {
		t.Fatalf("a refused update changed the record: %s", got)
	}
}
