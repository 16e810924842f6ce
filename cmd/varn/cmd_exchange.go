package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"varn/model"
	"varn/vault"
	"varn/vault/bundle"
)

// maxIdentityFile caps an identity block file given to partner add.
const maxIdentityFile = 64 << 10

func cmdIdentity(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("identity", &g)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn identity")
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		pub, err := v.Identity(ctx)
		if err != nil {
			return err
		}
		fmt.Fprint(e.stdout, pub.String())
		fmt.Fprintf(e.stdout, "\nGive this block to the partner (varn partner add NAME --from FILE) and read the\nfingerprint to each other over the phone: %s\n", pub.Fingerprint())
		return nil
	})
}

func cmdPartner(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		return errHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		args = append([]string{"ls"}, args...)
	}
	var g globals
	fs := newFlagSet("partner "+args[0], &g)
	from := fs.String("from", "", "FILE holding the block the partner's 'varn identity' printed")
	var recips multiFlag
	fs.Var(&recips, "recipient", "the partner's age recipient age1… (repeatable), for a body without varn")
	signingKey := fs.String("signing-key", "", "the partner's signing key (NAME+HASH+KEY), to import from it")
	org := fs.String("org", string(model.OrgOtherMunicipality), "the kind of organisation (a code such as other_municipality, lansstyrelsen, cve)")
	note := fs.String("note", "", "a note about the partner")
	reason := fs.String("reason", "", "reset-sequence: why (it goes into the audit log)")
	yes := fs.Bool("yes", false, "reset-sequence: do it without asking")
	pos, err := parse(fs, args[1:])
	if err != nil {
		return err
	}
	switch args[0] {
	case "ls", "list":
		if len(pos) != 0 {
			return usagef("usage: varn partner ls")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			ps, err := v.Partners(ctx)
			if err != nil {
				return err
			}
			if len(ps) == 0 {
				fmt.Fprintln(e.stdout, "no partners; add one with 'varn partner add NAME --from FILE'")
				return nil
			}
			tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tFINGERPRINT\tIMPORT\tSENT\tRECEIVED\tLAST EXCHANGE")
			for _, p := range ps {
				imp := "no (age only)"
				if p.CanImportFrom() {
					imp = "yes"
				}
				last := "never"
				if t := latest(p.LastExport, p.LastImport); !t.IsZero() {
					last = t.Local().Format("2006-01-02 15:04")
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", oneLine(p.Partner.Name), p.Fingerprint, imp, p.Partner.SentSeq, p.Partner.ReceivedSeq, last)
			}
			return tw.Flush()
		})
	case "add":
		if len(pos) != 1 || strings.TrimSpace(pos[0]) == "" {
			return usagef("usage: varn partner add NAME --from FILE | --recipient age1… [--signing-key KEY]")
		}
		if (*from == "") == (len(recips) == 0) {
			return usagef("partner add: give either --from FILE or --recipient age1…")
		}
		if *from != "" && *signingKey != "" {
			return usagef("partner add: --signing-key goes with --recipient; the block of --from holds its own")
		}
		o := model.Org(*org)
		if !o.Valid() {
			return usagef("partner add: unknown --org %q", oneLine(*org))
		}
		var pub *bundle.Public
		if *from != "" {
			b, err := readSmall(*from, maxIdentityFile)
			if err != nil {
				return err
			}
			if pub, err = bundle.ParsePublic(string(b)); err != nil {
				return err
			}
		} else {
			vaultID := ""
			if name, _, ok := strings.Cut(*signingKey, "+"); ok {
				vaultID = name
			}
			if pub, err = bundle.PublicFromRecipients(vaultID, recips, *signingKey); err != nil {
				return err
			}
		}
		if e.tty {
			fmt.Fprintf(e.stdout, "fingerprint of %s: %s\n", oneLine(pos[0]), pub.Fingerprint())
			ok, err := confirm(e, "Call the partner: do they read the same fingerprint from 'varn identity'? [y/N] ")
			if err != nil {
				return err
			}
			if !ok {
				fmt.Fprintln(e.stdout, "not added; nothing was written")
				return nil
			}
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			info, err := v.AddPartner(ctx, pos[0], o, pub, *note)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "added partner %s, fingerprint %s\n", oneLine(info.Partner.Name), info.Fingerprint)
			fmt.Fprintln(e.stdout, "Compare the fingerprint with the partner over the phone before exporting to it.")
			if !info.CanImportFrom() {
				fmt.Fprintln(e.stdout, "It has no signing key: varn can export to it but never import from it.")
			}
			return nil
		})
	case "checkpoint":
		if len(pos) != 1 {
			return usagef("usage: varn partner checkpoint NAME")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			return printPartnerCheckpoint(ctx, e, &g, v, pos[0])
		})
	case "rm", "remove":
		if len(pos) != 1 {
			return usagef("usage: varn partner rm NAME")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			if err := v.RemovePartner(ctx, pos[0]); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "removed partner %s\n", oneLine(pos[0]))
			return nil
		})
	case "reset-sequence":
		if len(pos) != 1 || strings.TrimSpace(*reason) == "" {
			return usagef("usage: varn partner reset-sequence NAME --reason TEXT [--yes]")
		}
		if !*yes && !e.tty {
			return usagef("partner reset-sequence: no terminal to ask for confirmation; run it in a terminal, or add --yes")
		}
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			p, err := v.Partner(ctx, pos[0])
			if err != nil {
				return err
			}
			if !*yes {
				fmt.Fprintf(e.stdout, "This forgets the last bundle received from %s (number %d) and the audit checkpoint held from it,\n"+
					"so that bundles from its vault restored from a backup are accepted again. A replayed bundle or a\n"+
					"rolled-back log looks the same: call the partner and confirm the restore first. Bundles already\n"+
					"imported stay imported.\n", oneLine(p.Partner.Name), p.Partner.ReceivedSeq)
				ok, err := confirm(e, "Reset? [y/N] ")
				if err != nil {
					return err
				}
				if !ok {
					fmt.Fprintln(e.stdout, "not reset; nothing was written")
					return nil
				}
			}
			res, err := v.ResetPartnerSequence(ctx, pos[0], *reason)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "reset the sequence of %s: last bundle received %d and a checkpoint of %d audit events forgotten; logged\n",
				oneLine(res.Partner.Partner.Name), res.Received, res.CheckpointSize)
			return nil
		})
	}
	return usagef("partner: unknown subcommand %q (use ls, add, rm, checkpoint or reset-sequence)", oneLine(args[0]))
}

func latest(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// readSmall reads a file of at most max bytes.
func readSmall(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", oneLine(path), unwrapPath(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", oneLine(path), unwrapPath(err))
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%s is too large for an identity block", oneLine(path))
	}
	return b, nil
}

// parseTLP reads a TLP ceiling: clear, green, amber, amber+strict.
func parseTLP(s string) (model.TLP, error) {
	t := model.TLP(strings.ReplaceAll(strings.ToLower(strings.TrimPrefix(strings.ToUpper(s), "TLP:")), "+", "_"))
	if !t.Valid() {
		return "", usagef("unknown TLP %q (use clear, green, amber or amber+strict)", oneLine(s))
	}
	if t == model.TLPRed {
		return "", usagef("TLP:RED never leaves the vault; choose a lower --max-tlp")
	}
	return t, nil
}

func cmdExport(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("export", &g)
	to := fs.String("to", "", "the partner to export to (see 'varn partner ls')")
	since := fs.String("since", "", "only records changed on or after DATE (YYYY-MM-DD)")
	kinds := fs.String("kinds", "", "record kinds, comma-separated (default observation,measure,picture)")
	maxTLP := fs.String("max-tlp", "amber", "the highest TLP marking to export: clear, green, amber or amber+strict")
	cases := fs.Bool("include-cases", false, "include individual cases (the legal basis must allow it)")
	legal := fs.String("legal-basis", "", "the legal basis of the disclosure (required)")
	purpose := fs.String("purpose", "", "what the partner may use the data for (required)")
	days := fs.Int("days", 30, "how many days the bundle stays valid")
	armor := fs.Bool("armor", false, "write the bundle as ASCII text")
	out := fs.String("o", "", "write the bundle to FILE (must not exist)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 || *to == "" || *out == "" {
		return usagef("usage: varn export --to PARTNER --legal-basis TEXT --purpose TEXT [--since DATE] [--kinds K,…] [--max-tlp amber] [--include-cases] -o FILE")
	}
	if strings.TrimSpace(*legal) == "" || strings.TrimSpace(*purpose) == "" {
		return usagef("export: give --legal-basis and --purpose; every disclosure states why it is lawful and what it is for")
	}
	if *days < 1 || *days > 365 {
		return usagef("export: --days must be between 1 and 365")
	}
	o := vault.ExportOptions{Partner: *to, IncludeCases: *cases, LegalBasis: *legal, Purpose: *purpose, Expiry: time.Duration(*days) * 24 * time.Hour, Armor: *armor}
	if o.MaxTLP, err = parseTLP(*maxTLP); err != nil {
		return err
	}
	if *since != "" {
		d, err := time.ParseInLocation(time.DateOnly, *since, time.Local)
		if err != nil {
			return usagef("export: --since %q is not a date YYYY-MM-DD", oneLine(*since))
		}
		o.Since = d
	}
	if *kinds != "" {
		for _, s := range strings.Split(*kinds, ",") {
			k, err := parseKind(strings.TrimSpace(s))
			if err != nil {
				return err
			}
			o.Kinds = append(o.Kinds, k)
		}
	}
	o.Progress = func(done, total int) { progress(e, "export", done, total) }
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		var res *vault.ExportResult
		err := writeNewFile(*out, func(f *os.File) error {
			var err error
			res, err = v.Export(ctx, f, o)
			return err
		})
		progressDone(e)
		if err != nil {
			return err
		}
		m := res.Manifest
		fmt.Fprintf(e.stdout, "wrote %s: bundle %s to %s, sequence %d, %d records (%s), valid until %s\n",
			oneLine(*out), m.HashString()[:16], oneLine(res.Partner.Partner.Name), m.Sequence, res.Total,
			kindCounts(m.Counts), m.Expires.Local().Format(time.DateOnly))
		for _, why := range slices.Sorted(maps.Keys(res.Withheld)) {
			fmt.Fprintf(e.stdout, "  kept back: %d, %s\n", res.Withheld[why], why)
		}
		for _, k := range slices.Sorted(maps.Keys(res.Redacted)) {
			fs := res.Redacted[k]
			fmt.Fprintf(e.stdout, "  left out of %s records: %s\n", k, strings.Join(slices.Sorted(maps.Keys(fs)), ", "))
		}
		return nil
	})
}

func kindCounts(c map[model.Kind]int) string {
	if len(c) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, c[k]))
	}
	return strings.Join(parts, ", ")
}

func cmdImport(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("import", &g)
	yes := fs.Bool("yes", false, "apply without asking")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: varn import FILE [--yes]")
	}
	if !*yes && !e.tty {
		return usagef("import: no terminal to ask for confirmation; run it in a terminal, or add --yes to import without asking")
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fmt.Errorf("cannot read %s: %w", oneLine(pos[0]), unwrapPath(err))
	}
	defer f.Close()
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		plan, err := v.PreviewImport(ctx, bufio.NewReaderSize(f, 1<<20))
		if errors.Is(err, vault.ErrAlreadyImported) {
			fmt.Fprintf(e.stdout, "%s\n", oneLine(err.Error()))
			return nil
		}
		if err != nil {
			return fmt.Errorf("import refused, nothing was written: %w", err)
		}
		defer plan.Close()
		printPlan(e.stdout, plan)
		if !*yes {
			ok, err := confirm(e, "Import? [y/N] ")
			if err != nil {
				return err
			}
			if !ok {
				fmt.Fprintln(e.stdout, "not imported; nothing was written")
				return nil
			}
		}
		res, err := v.Apply(ctx, plan)
		if err != nil {
			return err
		}
		var t vault.ImportCounts
		for _, c := range res.Counts {
			t.New += c.New
			t.Updated += c.Updated
			t.Conflicting += c.Conflicting
		}
		fmt.Fprintf(e.stdout, "imported bundle %s: %d new, %d updated, %d conflicts resolved\n", plan.Manifest.HashString()[:16], t.New, t.Updated, t.Conflicting)
		return nil
	})
}

// confirm asks a yes/no question on the terminal; only "y" or "yes" is yes.
func confirm(e *env, prompt string) (bool, error) {
	fmt.Fprint(e.stdout, prompt)
	line, err := bufio.NewReader(io.LimitReader(e.stdin, 256)).ReadString('\n')
	if err != nil && line == "" {
		return false, errors.New("no answer; nothing was written")
	}
	a := strings.ToLower(strings.TrimSpace(line))
	return a == "y" || a == "yes" || a == "j" || a == "ja", nil
}

// printPlan shows what an import would do.
func printPlan(w io.Writer, p *vault.ImportPlan) {
	m := p.Manifest
	fmt.Fprintf(w, "bundle %s from %s (fingerprint %s), sequence %d\n", m.HashString()[:16], oneLine(p.Partner.Partner.Name), p.Partner.Fingerprint, m.Sequence)
	fmt.Fprintf(w, "created %s, valid until %s\n", m.Created.Local().Format("2006-01-02 15:04"), m.Expires.Local().Format("2006-01-02 15:04"))
	fmt.Fprintf(w, "legal basis: %s\npurpose: %s\n", oneLine(m.LegalBasis), oneLine(m.Purpose))
	scope := fmt.Sprintf("scope: %s up to TLP:%s", kindList(m.Scope.Kinds), strings.ToUpper(strings.ReplaceAll(string(m.Scope.MaxTLP), "_", "+")))
	if m.Scope.IncludeCases {
		scope += ", cases included"
	}
	if !m.Scope.Since.IsZero() {
		scope += ", changed since " + m.Scope.Since.Local().Format(time.DateOnly)
	}
	fmt.Fprintln(w, scope)
	if p.CheckpointProven {
		fmt.Fprintln(w, "the partner's audit log provably grew since its previous bundle")
	} else {
		fmt.Fprintln(w, "the partner's audit log is no shorter than at its previous bundle (growth not proven: first bundle, or one in between was not imported)")
	}
	if p.Resume {
		fmt.Fprintln(w, "an earlier import of this bundle was interrupted; this completes it")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "\tnew\tupdated\tunchanged\tconflicting\tignored\t")
	for _, k := range slices.Sorted(maps.Keys(p.Counts)) {
		c := p.Counts[k]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", k, c.New, c.Updated, c.Unchanged, c.Conflicting, c.Ignored)
	}
	tw.Flush()
	if len(p.Conflicts) > 0 {
		fmt.Fprintln(w, "conflicts (changed on both sides; the origin's version wins, the other is kept as a conflict copy):")
		for _, c := range p.Conflicts {
			kept := "the version here"
			if c.KeptIncoming {
				kept = "the bundle's version"
			}
			fmt.Fprintf(w, "  %s %s: %s; keeping %s\n", c.Kind, c.ID, strings.Join(c.Fields, ", "), kept)
		}
	}
	for _, why := range slices.Sorted(maps.Keys(p.Ignored)) {
		fmt.Fprintf(w, "ignored: %d %s\n", p.Ignored[why], why)
	}
	if p.Total().Changes() == 0 {
		fmt.Fprintln(w, "nothing would change")
	}
}

func kindList(ks []model.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}
