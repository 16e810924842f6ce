package auditlog_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"log"
	"time"

	"golang.org/x/mod/sumdb/note"

	"varn/model"
	"varn/vault/auditlog"
)

// Append events, sign a checkpoint of the head, and later verify the log
// against that checkpoint.
func Example() {
	// The vault passes a Store over its Badger transaction; MemStore
	// stands in here.
	st := auditlog.NewMemStore()
	t := time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)
	actor := model.Actor{User: "sakchef", Key: "passphrase"}
	for _, a := range []model.AuditAction{model.ActionUnlock, model.ActionCreate, model.ActionView} {
		ev := &model.AuditEvent{Time: t, Actor: actor, Action: a}
		if err := auditlog.Append(st, ev); err != nil {
			log.Fatal(err)
		}
		t = t.Add(time.Minute)
	}

	// The signing key is made once per vault; skey is sealed by the vault.
	skey, vkey, err := auditlog.GenerateKey(rand.Reader, "varn.example/demo")
	if err != nil {
		log.Fatal(err)
	}
	signer, err := auditlog.NewSigner(skey)
	clear(skey)
	if err != nil {
		log.Fatal(err)
	}
	defer signer.Zero()

	head, err := auditlog.ReadHead(st)
	if err != nil {
		log.Fatal(err)
	}
	signed, err := auditlog.Sign(head, signer)
	if err != nil {
		log.Fatal(err)
	}

	// Later, or at a partner: check the checkpoint, then the log.
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		log.Fatal(err)
	}
	trusted, err := auditlog.ParseCheckpoint(signed, verifier)
	if err != nil {
		log.Fatal(err)
	}
	res, err := auditlog.Verify(context.Background(), st, trusted)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res)
	// Output:
	// 3 events, log intact (root 5y4bDj4Ad3QHV/2Tj50eoVVLXXdR4uktncw1X7+++7U=)
}
