package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"filippo.io/age"

	"varn/model"
	"varn/vault"
)

// cmdBackupVerify is the restore drill: it restores the backup into a
// temporary directory, checks it, reports and removes it, touching nothing
// of the live vault or of this host's state.
func cmdBackupVerify(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("backup verify", &g)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: varn backup verify FILE [-i IDENTITY | --passphrase-file F]")
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	b, err := openBackup(ctx, e, &g, pos[0])
	if err != nil {
		return err
	}
	defer b.close()
	info, err := vault.VerifyBackup(b.ctx, b.f, b.ids, vaultOptions(e))
	if err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintln(w, l.T(model.CLIDrillOK, info.VaultID))
	fmt.Fprintln(w, l.T(model.CLIDrillCheckpoint, info.Checkpoint, info.Taken.Local().Format(time.DateTime)))
	fmt.Fprintln(w, l.T(model.CLIDrillRecords, recordCounts(info.Records)))
	fmt.Fprintln(w, l.T(model.CLIDrillEvents, info.Checkpoint.Size))
	printBehind(w, l, info)
	if len(info.Purged) > 0 {
		fmt.Fprintln(w, l.T(model.CLIDrillPurges, len(info.Purged)))
	}
	fmt.Fprintln(w, l.T(model.CLIDrillRemoved))
	return nil
}

// cmdRestore recovers a lost vault from a backup.
func cmdRestore(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("restore", &g)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: varn restore FILE --vault DIR [-i IDENTITY | --passphrase-file F]")
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	dir, err := g.vaultDir(e)
	if err != nil {
		return err
	}
	b, err := openBackup(ctx, e, &g, pos[0])
	if err != nil {
		return err
	}
	defer b.close()
	v, err := vault.Restore(b.ctx, b.f, dir, b.ids, vaultOptions(e))
	if err != nil {
		return err
	}
	info := v.Restored()
	if err := v.Close(); err != nil {
		return err
	}
	w := e.stdout
	fmt.Fprintln(w, l.T(model.CLIRestored, info.VaultID, oneLine(dir)))
	fmt.Fprintln(w, l.T(model.CLIDrillCheckpoint, info.Checkpoint, info.Taken.Local().Format(time.DateTime)))
	printBehind(w, l, info)
	switch {
	case len(info.Purged) > 0:
		fmt.Fprintln(w, l.T(model.CLIRestorePurged, len(info.Purged)))
	case info.PurgesUnknown:
		fmt.Fprintln(w, l.T(model.CLIRestorePurgesRun, info.Taken.Local().Format(time.DateOnly)))
	}
	fmt.Fprintln(w, l.T(model.CLIRestorePartners))
	return nil
}

// backupFile is a backup opened for a drill or a recovery: the file, what
// decrypts it, and a context that a hangup (a dropped SSH session)
// cancels, so the work stops and cleans up.
type backupFile struct {
	f     *os.File
	ids   []age.Identity
	ctx   context.Context
	close func()
}

// openBackup opens the backup at path with the identities or passphrase
// of g.
func openBackup(ctx context.Context, e *env, g *globals, path string) (*backupFile, error) {
	ids, done, err := backupIdentities(e, g)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		done()
		return nil, fmt.Errorf("cannot read the backup: %w", unwrapPath(err))
	}
	ctx, stop := hangupContext(ctx)
	return &backupFile{f: f, ids: ids, ctx: ctx, close: func() { stop(); f.Close(); done() }}, nil
}

// backupIdentities gathers what decrypts a backup: identity files, or a
// passphrase as an age scrypt identity.
func backupIdentities(e *env, g *globals) ([]age.Identity, func(), error) {
	u, done, err := unlockFor(e, g)
	if err != nil {
		return nil, nil, err
	}
	ids := u.Identities
	if u.Passphrase != "" {
		si, err := age.NewScryptIdentity(u.Passphrase)
		if err != nil {
			done()
			return nil, nil, err
		}
		si.SetMaxWorkFactor(vault.DefaultMaxScryptWorkFactor)
		ids = append(ids, si)
	}
	return ids, done, nil
}

// hangupContext is ctx, also cancelled by SIGHUP (a dropped SSH session),
// so a restore or drill cut short removes its temporary directory.
func hangupContext(ctx context.Context) (context.Context, context.CancelFunc) {
	return signal.NotifyContext(ctx, syscall.SIGHUP)
}

func printBehind(w io.Writer, l model.Lang, info *vault.BackupInfo) {
	switch {
	case !info.HostKnown:
		fmt.Fprintln(w, l.T(model.CLINoHostCheckpoint))
	case info.Behind > 0:
		fmt.Fprintln(w, l.T(model.CLIBehind, info.Behind, info.HostCheckpoint))
	default:
		fmt.Fprintln(w, l.T(model.CLIAhead, info.HostCheckpoint))
	}
}

// recordCounts renders counts per kind as "case 3, member 2", in the
// order of model.AllKinds.
func recordCounts(m map[model.Kind]int) string {
	var parts []string
	for _, k := range model.AllKinds() {
		if n := m[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	if len(parts) == 0 {
		return "0"
	}
	return strings.Join(parts, ", ")
}

// cmdAuditTrust re-anchors this host's trust in the vault after its
// checkpoint was lost, from a checkpoint kept outside the host.
func cmdAuditTrust(ctx context.Context, e *env, args []string) error {
	var g globals
	fs := newFlagSet("audit trust", &g)
	size := fs.Uint64("size", 0, "the number of events of the checkpoint a partner holds ('varn partner checkpoint' there)")
	root := fs.String("root", "", "the root hash (base64) of the checkpoint a partner holds")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	byHead := *size > 0 || *root != ""
	if (byHead && len(pos) != 0) || (!byHead && len(pos) != 1) || (byHead && (*size == 0 || *root == "")) {
		return usagef("usage: varn audit trust CHECKPOINT_FILE (as 'varn audit checkpoint' printed it) | --size N --root BASE64 (as a partner's 'varn partner checkpoint' prints it)")
	}
	l, err := g.language(e)
	if err != nil {
		return err
	}
	if byHead {
		return withVault(ctx, e, &g, func(v *vault.Vault) error {
			if err := v.TrustHead(*size, *root); err != nil {
				return err
			}
			fmt.Fprintln(e.stdout, l.T(model.CLITrusted, *size))
			return nil
		})
	}
	b, err := readCheckpointFile(pos[0])
	if err != nil {
		return err
	}
	// The whole output of 'varn audit checkpoint' is accepted: the
	// verifier key printed after the checkpoint is not part of it.
	if i := bytes.Index(b, []byte("\nverifier key: ")); i >= 0 {
		b = b[:i]
	}
	return withVault(ctx, e, &g, func(v *vault.Vault) error {
		size, err := v.Trust(b)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, l.T(model.CLITrusted, size))
		return nil
	})
}

// readCheckpointFile reads a checkpoint text (a few hundred bytes).
func readCheckpointFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", oneLine(path), unwrapPath(err))
	}
	defer f.Close()
	const limit = 16 << 10
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", oneLine(path), unwrapPath(err))
	}
	if len(b) > limit {
		return nil, fmt.Errorf("%s is too long for a checkpoint", oneLine(path))
	}
	return b, nil
}

// printPartnerCheckpoint prints the partner's audit checkpoint carried by
// the last bundle imported from it, for the partner to re-anchor trust in
// its own vault with 'varn audit trust --size --root'.
func printPartnerCheckpoint(ctx context.Context, e *env, g *globals, v *vault.Vault, name string) error {
	l, err := g.language(e)
	if err != nil {
		return err
	}
	p, err := v.Partner(ctx, name)
	if err != nil {
		return err
	}
	if p.CheckpointSize == 0 {
		fmt.Fprintln(e.stdout, l.T(model.CLIPartnerNoCheckpoint, oneLine(p.Partner.Name)))
		return nil
	}
	fmt.Fprintln(e.stdout, l.T(model.CLIPartnerCheckpoint, oneLine(p.Partner.Name), p.LastImport.Local().Format(time.DateTime)))
	fmt.Fprintf(e.stdout, "--size %d --root %s\n", p.CheckpointSize, oneLine(p.CheckpointRoot))
	return nil
}
