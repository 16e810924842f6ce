package common

// Load is a screen's bookkeeping for reading its records from the store in
// the background: whether they are loaded, whether a load is under way,
// whether that load went stale (see [StaleMsg]) and a draft waiting for
// the records (see [RestoreDraftMsg]). The zero value is ready: nothing
// loaded, nothing under way.
//
// A screen's load command calls [Load.Start] and starts reading only when
// it reports true; the handler of the load's result calls [Load.Finish]
// first, reads again when it reports false, and otherwise applies the
// result and calls [Load.MarkLoaded]. Load does no I/O: the reading stays
// in the screen's tea.Cmd.
type Load struct {
	loaded, loading bool
	// stale says the load under way was started before many records
	// changed: its result is dropped and the screen reads again.
	stale bool
	// draft waits for the records: an edit needs the stored record, or
	// restoring it would create a duplicate.
	draft *Draft
}

// Loaded reports whether the screen holds its records and they are
// current (no [StaleMsg] since they were loaded, no lock).
func (l *Load) Loaded() bool { return l.loaded }

// Start reports whether a load must start now: false while one is under
// way. When it reports true the load counts as under way until
// [Load.Finish].
func (l *Load) Start() bool {
	if l.loading {
		return false
	}
	l.loading = true
	return true
}

// Restart lets the next [Load.Start] begin a load even while one is under
// way, for a screen that wants a fresh read now (a reload, a save on
// another screen). The earlier load's result is still taken when it
// arrives.
func (l *Load) Restart() { l.loading = false }

// Stale records a [StaleMsg]: the records are no longer loaded, and the
// result of a load under way will be dropped (Finish reports false).
func (l *Load) Stale() {
	l.loaded = false
	l.stale = l.loading
}

// Finish records that a load's result arrived. It reports whether the
// result is current; false means the load was under way when the records
// went stale: drop the result and start a load again. A current result
// with an error leaves Loaded as it was.
func (l *Load) Finish() bool {
	l.loading = false
	if l.stale {
		l.stale = false
		return false
	}
	return true
}

// MarkLoaded records that the screen's records are in (a current result
// was applied, or a test set them).
func (l *Load) MarkLoaded() { l.loaded = true }

// Reset forgets everything, the waiting draft too: for a [LockMsg]. A
// result of a load under way is then taken as current when it arrives.
func (l *Load) Reset() { *l = Load{} }

// KeepDraft keeps d until [Load.TakeDraft], replacing a draft already
// waiting: for a draft restored before the records are loaded.
func (l *Load) KeepDraft(d Draft) { l.draft = &d }

// WaitingDraft returns the draft waiting for the records, if any, and
// keeps it.
func (l *Load) WaitingDraft() (Draft, bool) {
	if l.draft == nil {
		return Draft{}, false
	}
	return *l.draft, true
}

// TakeDraft returns the draft waiting for the records, if any, and forgets
// it.
func (l *Load) TakeDraft() (Draft, bool) {
	d, ok := l.WaitingDraft()
	l.draft = nil
	return d, ok
}
