package ent

import "entgo.io/contrib/entgql"

// What the API shows of a label event beyond its columns. They are
// methods, which GraphQL resolves in line, rather than resolvers, which
// gqlgen runs each in a goroutine of its own: a live subscription resolves
// them for every subscriber at every event.

// LabelRef is a label as an event saw it.
type LabelRef struct {
	ID    int
	Name  string
	Color string
}

// Actor is who made a change.
type Actor struct {
	Name     string
	ClientID *string
}

// Cursor is the event's place in its merchant's log.
func (e *LabelEvent) Cursor() entgql.Cursor[int] {
	return entgql.Cursor[int]{ID: e.ID, Value: e.Seq}
}

// Label is the label as the event saw it; it may since have changed or gone.
func (e *LabelEvent) Label() *LabelRef {
	return &LabelRef{ID: e.LabelID, Name: e.LabelName, Color: e.LabelColor}
}

// Actor is who made the change.
func (e *LabelEvent) Actor() *Actor {
	a := &Actor{Name: e.ActorName}
	if e.ClientID != "" {
		a.ClientID = &e.ClientID
	}
	return a
}
