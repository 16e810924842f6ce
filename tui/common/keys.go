package common

import (
	"charm.land/bubbles/v2/key"

	"varn/model"
)

// KeyMap is the one keymap of the app. Help (`?`) is drawn from it, so a
// binding that is not here does not exist. Vim keys and arrows both work.
type KeyMap struct {
	Global GlobalKeys
	Nav    NavKeys
	Record RecordKeys
	Form   FormKeys
}

// GlobalKeys work on every screen, except while a text field has focus.
type GlobalKeys struct {
	Help, Quit, Search, Command, Back, NextTab, PrevTab key.Binding
	// Tabs jump straight to screen 1…6.
	Tabs [6]key.Binding
}

// NavKeys move through lists, tables and panes.
type NavKeys struct {
	Up, Down, Left, Right, PageUp, PageDown, Top, Bottom, Enter key.Binding
}

// RecordKeys act on the record or list in focus.
type RecordKeys struct {
	New, Edit, Delete, Sort, Filter, ClearFilter, Pictures, Compile, Publish, Judgement, Verify, Review, Justified, Unjustified, Note key.Binding
}

// FormKeys drive a form.
type FormKeys struct {
	Next, Prev, Save, Cancel, Cycle, CycleBack key.Binding
}

// NewKeyMap returns the keymap with help texts in lang.
func NewKeyMap(lang model.Lang) *KeyMap {
	b := func(msg model.Msg, help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, lang.T(msg)))
	}
	k := &KeyMap{}
	k.Global.Help = b(model.UIKeyHelp, "?", "?")
	k.Global.Quit = b(model.UIKeyQuit, "q", "q", "ctrl+c")
	k.Global.Search = b(model.UIKeySearch, "/", "/")
	k.Global.Command = b(model.UIKeyCommand, ":", ":")
	k.Global.Back = b(model.UIKeyBack, "esc", "esc")
	k.Global.NextTab = b(model.UIKeyNextTab, "tab", "tab")
	k.Global.PrevTab = b(model.UIKeyPrevTab, "shift+tab", "shift+tab")
	for i := range k.Global.Tabs {
		d := string(rune('1' + i))
		k.Global.Tabs[i] = b(model.UIKeyTab, "1-6", d)
	}
	k.Nav.Up = b(model.UIKeyUp, "↑/k", "up", "k")
	k.Nav.Down = b(model.UIKeyDown, "↓/j", "down", "j")
	k.Nav.Left = b(model.UIKeyLeft, "←/h", "left", "h")
	k.Nav.Right = b(model.UIKeyRight, "→/l", "right", "l")
	k.Nav.PageUp = b(model.UIKeyPageUp, "pgup/ctrl+b", "pgup", "ctrl+b")
	k.Nav.PageDown = b(model.UIKeyPageDown, "pgdn/ctrl+f", "pgdown", "ctrl+f")
	k.Nav.Top = b(model.UIKeyTop, "g/home", "g", "home")
	k.Nav.Bottom = b(model.UIKeyBottom, "G/end", "G", "end")
	k.Nav.Enter = b(model.UIKeyOpen, "enter", "enter")
	k.Record.New = b(model.UIKeyNew, "n", "n")
	k.Record.Edit = b(model.UIKeyEdit, "e", "e")
	k.Record.Delete = b(model.UIKeyDelete, "d", "d")
	k.Record.Sort = b(model.UIKeySort, "s", "s")
	k.Record.Filter = b(model.UIKeyFilter, "f", "f")
	k.Record.ClearFilter = b(model.UIKeyClearFilter, "x", "x")
	k.Record.Pictures = b(model.UIKeyPictures, "p", "p")
	k.Record.Compile = b(model.UIKeyCompile, "c", "c")
	k.Record.Publish = b(model.UIKeyPublish, "P", "P")
	k.Record.Judgement = b(model.UIKeyJudgement, "n", "n")
	k.Record.Verify = b(model.UIKeyVerify, "v", "v")
	k.Record.Review = b(model.UIKeyReview, "r", "r")
	k.Record.Justified = b(model.UIKeyJustified, "y", "y")
	k.Record.Unjustified = b(model.UIKeyUnjustified, "u", "u")
	k.Record.Note = b(model.UIKeyNote, "m", "m")
	k.Form.Next = b(model.UIKeyNextField, "tab/↓", "tab", "down")
	k.Form.Prev = b(model.UIKeyPrevField, "shift+tab/↑", "shift+tab", "up")
	k.Form.Save = b(model.UIKeySave, "ctrl+s", "ctrl+s")
	k.Form.Cancel = b(model.UIKeyCancel, "esc", "esc")
	k.Form.Cycle = b(model.UIKeyCycle, "→/space", "right", "space")
	k.Form.CycleBack = b(model.UIKeyCycleBack, "←", "left")
	return k
}
