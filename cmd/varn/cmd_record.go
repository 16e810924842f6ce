package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"varn/model"
	"varn/vault"
)

// importChunk is how many records `record import` and `demo` hand to the
// vault at a time; the vault writes them in batches of its own.
const importChunk = 20000

// maxRecordJSON bounds one record's JSON (a line of an import file or the
// input of `record add`).
const maxRecordJSON = 1 << 20

func cmdRecord(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		return errHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("record: missing subcommand (add, update, get, list, import or note)")
	}
	switch args[0] {
	case "add":
		return cmdRecordAdd(ctx, e, args[1:])
	case "update":
		return cmdRecordUpdate(ctx, e, args[1:])
	case "get":
		return cmdRecordGet(ctx, e, args[1:])
	case "list", "ls":
		return cmdRecordList(ctx, e, args[1:])
	case "import":
		return cmdRecordImport(ctx, e, args[1:])
	case "note":
		return cmdRecordNote(ctx, e, args[1:])
	}
	return usagef("record: unknown subcommand %q (use add, update, get, list, import or note)", oneLine(args[0]))
}

// lang returns the language of messages for this invocation.
func (g *globals) language(e *env) (model.Lang, error) {
	if g.lang != "" {
		l, err := model.ParseLang(g.lang)
		if err != nil {
			return "", usagef("--lang: use sv or en")
		}
		return l, nil
	}
	l := e.getenv("LC_ALL")
	if l == "" {
		l = e.getenv("LANG")
	}
	return model.LangFromEnv(l), nil
}

// explain renders a validation error in the user's language, on one line.
func explain(err error, l model.Lang) error {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	parts := make([]string, 0, len(ve.Problems))
	for _, p := range ve.Problems {
		parts = append(parts, p.Field+": "+p.Text(l))
	}
	what := "is not valid"
	if l == model.Swedish {
		what = "är inte giltig"
	}
	return fmt.Errorf("%s %s: %s", ve.Kind, what, oneLine(strings.Join(parts, "; ")))
}

// madeUpFlag is the flag of `record add` and `record import` that
// confirms a pseudonym that looks like a real name is made up.
const madeUpFlag = "--pseudonym-is-made-up"

// checkPseudonym refuses a case about an individual whose pseudonym looks
// like a real name (model.LooksLikeRealName), unless the user confirmed it
// is made up: the terminal app warns and asks to save again, the command
// line asks for the flag. The line names the field and says how to go on;
// it does not repeat the pseudonym.
func checkPseudonym(r model.Record, madeUp bool, l model.Lang) error {
	c, ok := r.(*model.Case)
	if !ok || madeUp || c.Subject != model.SubjectIndividual || !model.LooksLikeRealName(c.Pseudonym) {
		return nil
	}
	return fmt.Errorf("case pseudonym: %s; %s", l.T(model.MsgPseudonymName), l.T(model.CliPseudonymMadeUp, madeUpFlag))
}

// shown returns r as the command line may print it: an individual-tier
// measure stored before the R2 rule loses its milieu (see
// model.Measure.ListedMilieus); r itself is not changed.
func shown(r model.Record) model.Record {
	if m, ok := r.(*model.Measure); ok && len(m.Milieus) > 0 && len(m.ListedMilieus()) == 0 {
		cp := *m
		cp.Milieus = nil
		return &cp
	}
	return r
}

// decodeFor decodes one record's JSON for kind: "record" may be left out.
func decodeFor(kind model.Kind, b []byte) (model.Record, error) {
	var head struct {
		Record *string `json:"record"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return nil, fmt.Errorf("not a JSON object: %s", oneLine(err.Error()))
	}
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	if head.Record == nil && kind != "" {
		// Let the kind given on the command line name the record.
		rest := bytes.TrimSpace(t[1:])
		nb := []byte(`{"record":"` + string(kind) + `"`)
		if len(rest) > 0 && rest[0] != '}' {
			nb = append(nb, ',')
		}
		b = append(nb, rest...)
	}
	r, err := model.Decode(b)
	if err != nil {
		return nil, err
	}
	if kind != "" && r.Kind() != kind {
		return nil, fmt.Errorf("the JSON is a %s, not a %s", r.Kind(), kind)
	}
	return r, nil
}

func openInput(e *env, path string) (io.ReadCloser, error) {
	if path == "-" {
		return io.NopCloser(e.stdin), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", oneLine(path), unwrapPath(err))
	}
	return f, nil
}

func cmdRecordAdd(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("record add", &g)
	in := fs.String("json", "", "FILE (or - for stdin) holding the record as JSON")
	madeUp := fs.Bool(madeUpFlag[2:], false, "confirm that a case's pseudonym that looks like a real name is made up")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *in == "" {
		return usagef("usage: varn record add KIND --json FILE|-")
	}
	if *in == "-" && g.passphraseFile == "-" {
		return usagef("record add: the record and the passphrase cannot both come from stdin")
	}
	kind, err := parseKind(pos[0])
	if err != nil {
		return err
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	r, err := readRecordJSON(e, kind, *in)
	if err != nil {
		return err
	}
	if r.Base().Version != 0 {
		return errors.New("record add creates a record: leave out \"version\"")
	}
	if err := checkPseudonym(r, *madeUp, l); err != nil {
		return err
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		out, err := v.Put(ctx, r)
		if err != nil {
			return explain(err, l)
		}
		fmt.Fprintln(e.stdout, out.Base().ID)
		return nil
	})
}

// readRecordJSON reads one record of kind as JSON from path ("-" = stdin).
func readRecordJSON(e *env, kind model.Kind, path string) (model.Record, error) {
	rc, err := openInput(e, path)
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(rc, maxRecordJSON+1))
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("cannot read the record: %w", err)
	}
	defer clear(b)
	if len(b) > maxRecordJSON {
		return nil, errors.New("the record is larger than 1 MiB")
	}
	return decodeFor(kind, b)
}

// cmdRecordUpdate replaces a record with a new version read as JSON: the
// whole record, as 'record get ID --json' prints it, with the version that
// was read, so a change made in between is never overwritten.
func cmdRecordUpdate(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("record update", &g)
	in := fs.String("json", "", "FILE (or - for stdin) holding the whole record as JSON, with the version read")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || *in == "" {
		return usagef("usage: varn record update ID --json FILE|-")
	}
	if *in == "-" && g.passphraseFile == "-" {
		return usagef("record update: the record and the passphrase cannot both come from stdin")
	}
	id, err := model.ParseID(pos[0])
	if err != nil {
		return usagef("%s", oneLine(err.Error()))
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	r, err := readRecordJSON(e, "", *in)
	if err != nil {
		return err
	}
	switch b := r.Base(); {
	case b.ID == "":
		b.ID = id
	case b.ID != id:
		return fmt.Errorf("record update: the JSON is record %s, not %s", b.ID, id)
	}
	if r.Base().Version == 0 {
		return errors.New("record update: give the \"version\" you read (varn record get ID --json prints it)")
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		old, err := v.Get(ctx, id)
		if errors.Is(err, vault.ErrNotFound) {
			return fmt.Errorf("record update: no record %s; create records with 'varn record add'", id)
		}
		if err != nil {
			return err
		}
		if old.Kind() != r.Kind() {
			return fmt.Errorf("record update: %s is a %s, not a %s", id, old.Kind(), r.Kind())
		}
		out, err := v.Put(ctx, r)
		if errors.Is(err, vault.ErrConflict) {
			return fmt.Errorf("record update: %s changed since version %d was read (it is at %d now); read it again with 'varn record get %s --json'",
				id, r.Base().Version, old.Base().Version, id)
		}
		if err != nil {
			return explain(err, l)
		}
		fmt.Fprintf(e.stdout, "%s version %d\n", out.Base().ID, out.Base().Version)
		return nil
	})
}

func cmdRecordGet(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("record get", &g)
	asJSON := fs.Bool("json", false, "print the record as JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: varn record get ID [--json]")
	}
	id, err := model.ParseID(pos[0])
	if err != nil {
		return usagef("%s", oneLine(err.Error()))
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		r, err := v.View(ctx, id)
		if err != nil {
			return err
		}
		b, err := model.Encode(shown(r))
		if err != nil {
			return err
		}
		defer clear(b)
		if *asJSON {
			return writeJSONLine(e, b)
		}
		return writeFields(e.stdout, b)
	})
}

// cmdRecordNote shows, writes or removes this vault's own note on a
// partner's record (only the record's origin changes the record itself).
func cmdRecordNote(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("record note", &g)
	textFile := fs.String("text-file", "", "FILE (or - for stdin) holding the note to write, replacing any note there")
	remove := fs.Bool("remove", false, "remove the note")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || (*remove && *textFile != "") {
		return usagef("usage: varn record note ID [--text-file FILE|- | --remove]")
	}
	if *textFile == "-" && g.passphraseFile == "-" {
		return usagef("record note: the note and the passphrase cannot both come from stdin")
	}
	id, err := model.ParseID(pos[0])
	if err != nil {
		return usagef("%s", oneLine(err.Error()))
	}
	// The note is read from a file, never taken from the command line,
	// where it would land in the shell's history and in ps.
	var text string
	if *textFile != "" {
		rc, err := openInput(e, *textFile)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(io.LimitReader(rc, maxRecordJSON+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("cannot read the note: %w", err)
		}
		if len(b) > maxRecordJSON {
			return errors.New("the note is larger than 1 MiB")
		}
		text = strings.TrimRight(string(b), "\r\n")
		clear(b)
		if strings.TrimSpace(text) == "" {
			return errors.New("record note: the note file is empty; use --remove to remove a note")
		}
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		switch {
		case *remove:
			if err := v.SetLocalNote(ctx, id, ""); err != nil {
				return err
			}
			_, err := fmt.Fprintln(e.stdout, "note removed")
			return err
		case text != "":
			if err := v.SetLocalNote(ctx, id, text); err != nil {
				return err
			}
			_, err := fmt.Fprintln(e.stdout, "note written")
			return err
		}
		n, err := v.LocalNote(ctx, id)
		if err != nil {
			return err
		}
		// Showing the note is a read, logged before it is printed (R5).
		if err := v.Log(ctx, model.AuditEvent{Action: model.ActionView, Ref: id, Detail: model.ViewLocalNote}); err != nil {
			return fmt.Errorf("record note: the note was not shown, because its view could not be logged: %w", err)
		}
		changed := ""
		if n.Changed {
			changed = " — the record changed since this note"
		}
		_, err = fmt.Fprintf(e.stdout, "note by %s, %s, on version %d%s:\n%s\n", oneLine(n.Author),
			n.Written.Local().Format("2006-01-02 15:04"), n.Version, changed, model.Sanitize(n.Text))
		return err
	})
}

// writeJSONLine writes one record's JSON and a newline. On a terminal,
// C1 controls and bidi overrides (legal in JSON strings) are escaped so
// they cannot act on the terminal.
func writeJSONLine(e *env, b []byte) error {
	if e.tty {
		b = escapeForTerminal(b)
	}
	_, err := e.stdout.Write(append(b, '\n'))
	return err
}

func escapeForTerminal(b []byte) []byte {
	var out bytes.Buffer
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if (r >= 0x80 && r <= 0x9f) || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c {
			fmt.Fprintf(&out, `\u%04x`, r)
		} else {
			out.Write(b[:n])
		}
		b = b[n:]
	}
	return out.Bytes()
}

// writeFields prints a record's JSON as "field: value" lines in the order
// of the encoding, every value made safe for the terminal.
func writeFields(w io.Writer, b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var obj []struct {
		k string
		v json.RawMessage
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return errors.New("cannot show the record")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return err
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return err
		}
		obj = append(obj, struct {
			k string
			v json.RawMessage
		}{t.(string), raw})
	}
	bw := bufio.NewWriter(w)
	for _, f := range obj {
		if f.k == "format" {
			continue
		}
		var s string
		if err := json.Unmarshal(f.v, &s); err == nil {
			fmt.Fprintf(bw, "%-14s %s\n", f.k+":", model.SanitizeLine(s))
			continue
		}
		fmt.Fprintf(bw, "%-14s %s\n", f.k+":", model.SanitizeLine(string(f.v)))
	}
	return bw.Flush()
}

// headline is the one-line description of a record in lists.
func headline(r model.Record, l model.Lang) string {
	switch r := r.(type) {
	case *model.Observation:
		return r.Summary
	case *model.Measure:
		return r.Title
	case *model.Case:
		if r.Pseudonym != "" {
			return r.Pseudonym
		}
		return r.Title
	case *model.Member:
		return r.Name
	case *model.Meeting:
		if r.Title != "" {
			return r.Date.String() + " " + r.Title
		}
		return r.Date.String()
	case *model.Picture:
		return r.Title
	case *model.Partner:
		return r.Name
	}
	return ""
}

func cmdRecordList(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("record list", &g)
	asJSON := fs.Bool("json", false, "print each record as one line of JSON (JSONL)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	kinds := model.AllKinds()
	switch len(pos) {
	case 0:
	case 1:
		k, err := parseKind(pos[0])
		if err != nil {
			return err
		}
		kinds = []model.Kind{k}
	default:
		return usagef("usage: varn record list [KIND] [--json]")
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		// Reads are audit events (R5): the listing is logged before any
		// record is printed, and nothing is printed if it cannot be.
		ev := model.AuditEvent{Action: model.ActionView, Detail: model.ViewRecordList}
		if *asJSON {
			ev.Detail = model.ViewRecordListJSON
		}
		if len(kinds) == 1 {
			ev.Kind = kinds[0]
		}
		if err := v.Log(ctx, ev); err != nil {
			return err
		}
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		for _, k := range kinds {
			err := v.Scan(ctx, k, func(r model.Record) error {
				if *asJSON {
					b, err := model.Encode(shown(r))
					if err != nil {
						return err
					}
					if e.tty {
						b = escapeForTerminal(b)
					}
					bw.Write(b)
					clear(b)
					return bw.WriteByte('\n')
				}
				m := r.Base()
				h := []rune(model.SanitizeLine(headline(r, l)))
				if len(h) > 60 {
					h = append(h[:59], '…')
				}
				_, err := fmt.Fprintf(bw, "%s  %-11s v%-3d %s  %s\n", m.ID, r.Kind(), m.Version, m.Updated.Local().Format(time.DateOnly), string(h))
				return err
			})
			if err != nil {
				return err
			}
		}
		return bw.Flush()
	})
}

// importRecordN finds the position of the record the vault's Import names
// in its error ("vault: import record 7: …"), to name the file's line.
var importRecordN = regexp.MustCompile(`\bimport record (\d+)\b`)

// importedNote says what an import that stopped has written.
func importedNote(done int) string {
	if done == 0 {
		return "nothing was imported"
	}
	return fmt.Sprintf("the first %d records were imported; import the rest again", done)
}

func cmdRecordImport(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("record import", &g)
	madeUp := fs.Bool(madeUpFlag[2:], false, "confirm that every case pseudonym that looks like a real name is made up")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: varn record import FILE.jsonl (or - for stdin)")
	}
	if pos[0] == "-" && g.passphraseFile == "-" {
		return usagef("record import: the records and the passphrase cannot both come from stdin")
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	rc, err := openInput(e, pos[0])
	if err != nil {
		return err
	}
	defer rc.Close()
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		// The progress line is cleared whatever happens, so an error
		// starts on a line of its own.
		defer progressDone(e)
		sc := bufio.NewScanner(rc)
		sc.Buffer(make([]byte, 0, 64<<10), maxRecordJSON)
		var batch []model.Record
		var lineOf []int // the file's line of each record in batch
		line, done := 0, 0
		flush := func() error {
			if len(batch) == 0 {
				return nil
			}
			base := done
			n, err := v.Import(ctx, batch, func(d int) { progress(e, "import", base+d, 0) })
			done += n
			if err != nil {
				where := ""
				if m := importRecordN.FindStringSubmatch(err.Error()); m != nil {
					if k, _ := strconv.Atoi(m[1]); k >= 1 && k <= len(lineOf) {
						where = fmt.Sprintf("line %d: ", lineOf[k-1])
					}
				}
				return fmt.Errorf("%s%w (%s)", where, explain(err, l), importedNote(done))
			}
			batch, lineOf = batch[:0], lineOf[:0]
			return nil
		}
		for sc.Scan() {
			line++
			b := bytes.TrimSpace(sc.Bytes())
			if len(b) == 0 {
				continue
			}
			r, err := decodeFor("", b)
			if err != nil {
				return fmt.Errorf("line %d: %s (%s)", line, oneLine(err.Error()), importedNote(done))
			}
			if err := checkPseudonym(r, *madeUp, l); err != nil {
				return fmt.Errorf("line %d: %w (%s)", line, err, importedNote(done))
			}
			batch = append(batch, r)
			lineOf = append(lineOf, line)
			if len(batch) == importChunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				return fmt.Errorf("line %d is longer than 1 MiB (%s)", line+1, importedNote(done))
			}
			return fmt.Errorf("cannot read the import file: %w", err)
		}
		if err := flush(); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "imported %d records\n", done)
		return nil
	})
}
