package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"varn/model"
	"varn/vault"
	"varn/vault/auditlog"
)

func cmdAudit(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && isHelp(args[0]) {
		return errHelp
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return usagef("audit: missing subcommand (verify, list, checkpoint or trust)")
	}
	switch args[0] {
	case "verify":
		return cmdAuditVerify(ctx, e, args[1:])
	case "list", "ls":
		return cmdAuditList(ctx, e, args[1:])
	case "checkpoint":
		return cmdAuditCheckpoint(ctx, e, args[1:])
	case "trust":
		return cmdAuditTrust(ctx, e, args[1:])
	}
	return usagef("audit: unknown subcommand %q (use verify, list, checkpoint or trust)", oneLine(args[0]))
}

func cmdAuditVerify(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("audit verify", &g)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn audit verify")
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		res, err := v.VerifyAudit(ctx)
		if errors.Is(err, auditlog.ErrTampered) {
			fmt.Fprintf(e.stdout, "audit log NOT intact: %s\n", oneLine(res.String()))
			return errSilent
		}
		if errors.Is(err, vault.ErrTampered) {
			// An event whose sealed value fails authentication: the error
			// names it.
			fmt.Fprintf(e.stdout, "audit log NOT intact: %s\n", oneLine(err.Error()))
			return errSilent
		}
		if errors.Is(err, vault.ErrNoCheckpoint) {
			// Intact in itself, but not checked against this host's
			// checkpoint: not a pass.
			fmt.Fprintln(e.stdout, oneLine(res.String()))
			l, _ := g.language(e)
			fmt.Fprintln(e.stdout, l.T(model.CLINotTrusted, oneLine(err.Error())))
			return errSilent
		}
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, oneLine(res.String()))
		return nil
	})
}

func cmdAuditList(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("audit list", &g)
	asJSON := fs.Bool("json", false, "print each event as one line of JSON")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn audit list [--json]")
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		// Reading the trail is itself logged, as on the Logg screen.
		if err := v.Log(ctx, model.AuditEvent{Action: model.ActionView, Detail: "audit_trail"}); err != nil {
			return err
		}
		bw := bufio.NewWriterSize(e.stdout, 64<<10)
		err := v.AuditEvents(ctx, func(ev model.AuditEvent) error {
			if *asJSON {
				b, err := json.Marshal(ev)
				if err != nil {
					return err
				}
				if e.tty {
					b = escapeForTerminal(b)
				}
				bw.Write(b)
				return bw.WriteByte('\n')
			}
			ref := string(ev.Ref)
			if ev.Kind != "" {
				ref = string(ev.Kind) + " " + ref
			}
			actor := ev.Actor.User
			if ev.Actor.Key != "" {
				actor += " (" + ev.Actor.Key + ")"
			}
			line := fmt.Sprintf("%6d  %s  %-20s %-12s %s", ev.Seq, ev.Time.Local().Format(time.DateTime), actor, ev.Action, ref)
			if len(ev.Fields) > 0 {
				line += " [" + strings.Join(ev.Fields, ",") + "]"
			}
			if ev.Detail != "" {
				line += " " + ev.Detail
			}
			_, err := fmt.Fprintln(bw, oneLine(strings.TrimRight(line, " ")))
			return err
		})
		if err != nil {
			return err
		}
		return bw.Flush()
	})
}

func cmdAuditCheckpoint(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("audit checkpoint", &g)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("usage: varn audit checkpoint")
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		cp, err := v.Checkpoint()
		if err != nil {
			return err
		}
		fmt.Fprint(e.stdout, oneLineBlock(string(cp)))
		fmt.Fprintf(e.stdout, "\nverifier key: %s\n", v.VerifierKey())
		return nil
	})
}

// oneLineBlock sanitizes each line of a multi-line text.
func oneLineBlock(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = oneLine(l)
	}
	return strings.Join(lines, "\n")
}
