//go:build linux

package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

var sgr = regexp.MustCompile(`\x1b\[([0-9;:]*)m`)

// colourSGRs returns the SGR sequences in out that set a colour
// (foreground, background or underline; 16, 256 or true colour).
func colourSGRs(out string) []string {
	var found []string
	for _, m := range sgr.FindAllStringSubmatch(out, -1) {
		for _, p := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ';' || r == ':' }) {
			n, err := strconv.Atoi(p)
			if err != nil {
				continue
			}
			if n >= 30 && n <= 38 || n >= 40 && n <= 48 || n == 58 || n >= 90 && n <= 97 || n >= 100 && n <= 107 {
				found = append(found, strconv.Quote(m[0]))
				break
			}
		}
	}
	return found
}

// TestNoColor runs the real binary in a pty on a demo vault twice: as is,
// it colours concern levels and the selection; with NO_COLOR set it
// writes no colour SGR sequence at all, and concern levels and the
// log's state still read as words and symbols.
func TestNoColor(t *testing.T) {
	bin, err := buildVarn()
	if err != nil {
		t.Skipf("cannot build varn: %v", err)
	}
	lv := makeVault(t, bin, t.TempDir(), 0)
	session := func(env ...string) string {
		p := startPTY(t, bin, lv, 120, 40, env...)
		p.waitFor(t, "Concern: · low", 30*time.Second)
		m := p.mark()
		p.send(t, "f")
		p.waitForAfter(t, m, "observations · sorted by", 10*time.Second)
		m = p.mark()
		p.send(t, "s") // sort by concern: the acute ones on top
		p.waitForAfter(t, m, "concern", 10*time.Second)
		// A new size redraws the whole screen, so every cell's text is
		// written out whole (not only what changed).
		m = p.mark()
		p.resize(t, 121, 40)
		p.waitForAfter(t, m, "!!! Acute", 10*time.Second)
		m = p.mark()
		p.send(t, "5")
		p.waitForAfter(t, m, "Log verified", 10*time.Second)
		p.settle(200 * time.Millisecond)
		p.quit(t)
		p.mu.Lock()
		defer p.mu.Unlock()
		return string(p.text)
	}
	coloured := session()
	if len(colourSGRs(coloured)) == 0 {
		t.Fatalf("without NO_COLOR varn wrote no colour at all: the check below would prove nothing")
	}
	plain := session("NO_COLOR=1")
	if c := colourSGRs(plain); len(c) > 0 {
		t.Errorf("with NO_COLOR varn wrote %d colour SGR sequences, the first: %s", len(c), strings.Join(c[:min(len(c), 5)], " "))
	}
	text := ansi.Strip(plain)
	for _, want := range []string{
		"Concern: · low  ! moderate  !! high  !!! acute", // the overview's legend
		"!!! Acute", // a concern level in the list, as symbol and word
		"▶",         // the selection, not only a reverse colour
		"✓ Log verified",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("with NO_COLOR the screen never showed %q", want)
		}
	}
}
