package graph_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/guichet/guichet/graph/graphtest"
	"github.com/guichet/guichet/internal/apperr"
	"github.com/guichet/guichet/internal/db"
	"github.com/guichet/guichet/internal/testdb"
	"github.com/guichet/guichet/internal/viewer"
)

const (
	createLabel  = `mutation($input: CreateLabelInput!) { createLabel(input: $input) { id name color description } }`
	updateLabel  = `mutation($id: ID!, $input: UpdateLabelInput!) { updateLabel(id: $id, input: $input) { id name color description } }`
	deleteLabel  = `mutation($id: ID!) { deleteLabel(id: $id) }`
	addLabels    = `mutation($t: [ID!]!, $l: [ID!]!) { addLabels(transactionIds: $t, labelIds: $l) { id labels { id } } }`
	removeLabels = `mutation($t: [ID!]!, $l: [ID!]!) { removeLabels(transactionIds: $t, labelIds: $l) { id labels { id } } }`
)

type labelJSON struct {
	ID, Name, Color string
	Description     *string
}

// failure is a mutation that must fail with code on field and write nothing.
type failure struct {
	name        string
	v           *viewer.Viewer
	query       string
	vars        graphtest.Vars
	code, field string
}

func (c failure) check(t *testing.T, srv *graphtest.Server, f *graphtest.Fixture) {
	t.Helper()
	before := f.LabelState()
	err := srv.Fail(t, c.v, c.query, c.vars)
	if got, want := err.Code(), c.code; got != want {
		t.Errorf("got code %q, want %q (%s)", got, want, err.Message)
	}
	if got, want := err.Field(), c.field; got != want {
		t.Errorf("got field %q, want %q (%s)", got, want, err.Message)
	}
	if after := f.LabelState(); after != before {
		t.Errorf("a failed mutation changed the database:\nbefore\n%s\nafter\n%s", before, after)
	}
}

func TestLabelNames(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 6, 3)
		create := func(t *testing.T, v *viewer.Viewer, input graphtest.Vars) labelJSON {
			t.Helper()
			var got struct{ CreateLabel labelJSON }
			e.srv.Query(t, v, createLabel, graphtest.Vars{"input": input}, &got)
			return got.CreateLabel
		}
		for _, c := range []struct{ name, input, want string }{
			{"trimmed", "  Remboursé \t", "Remboursé"},
			{"emoji", "🧾 Facture", "🧾 Facture"},
			{"one character", "x", "x"},
			{"50 characters", strings.Repeat("é", 49) + "🚩", strings.Repeat("é", 49) + "🚩"},
			{"50 characters and spaces", "  " + strings.Repeat("b", 50) + "  ", strings.Repeat("b", 50)},
		} {
			t.Run(c.name, func(t *testing.T) {
				got := create(t, e.va, graphtest.Vars{"name": c.input})
				if got.Name != c.want {
					t.Errorf("got name %q, want %q", got.Name, c.want)
				}
				l, err := e.f.Client.Label.Get(graphtest.System(), graphtest.EntID(t, got.ID))
				if err != nil {
					t.Fatal(err)
				}
				if l.Name != c.want || l.MerchantID != e.a.Merchant.ID {
					t.Errorf("stored %q of merchant %d, want %q of %d", l.Name, l.MerchantID, c.want, e.a.Merchant.ID)
				}
			})
		}
		t.Run("same name in the other merchant", func(t *testing.T) {
			a := create(t, e.va, graphtest.Vars{"name": "Partagé"})
			b := create(t, e.vb, graphtest.Vars{"name": "PARTAGÉ"})
			if a.ID == b.ID {
				t.Errorf("got the same label %s for both merchants", a.ID)
			}
		})
		t.Run("rename keeping the name in another case", func(t *testing.T) {
			var got struct{ UpdateLabel labelJSON }
			e.srv.Query(t, e.va, updateLabel, graphtest.Vars{"id": graphtest.ID(e.a.Labels[2].ID), "input": graphtest.Vars{"name": "✅ VÉRIFIÉ"}}, &got)
			if got, want := got.UpdateLabel.Name, "✅ VÉRIFIÉ"; got != want {
				t.Errorf("got name %q, want %q", got, want)
			}
		})
		t.Run("colour and description", func(t *testing.T) {
			got := create(t, e.va, graphtest.Vars{"name": "Couleur", "color": "#a1B2c3", "description": "Pour voir"})
			if got.Color != "#a1B2c3" || got.Description == nil || *got.Description != "Pour voir" {
				t.Errorf("got %+v", got)
			}
		})

		l0, l1 := graphtest.ID(e.a.Labels[0].ID), graphtest.ID(e.a.Labels[1].ID)
		for _, c := range []failure{
			{name: "blank", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "  "}}, code: "BAD_USER_INPUT", field: "name"},
			{name: "empty", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": ""}}, code: "BAD_USER_INPUT", field: "name"},
			{name: "51 characters", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": strings.Repeat("é", 50) + "!"}}, code: "BAD_USER_INPUT", field: "name"},
			{name: "control character", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "a\nb"}}, code: "BAD_USER_INPUT", field: "name"},
			{name: "taken", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": graphtest.JournalLabels[0]}}, code: "CONFLICT", field: "name"},
			{name: "taken in another case", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": " 🚩 SUSPECT "}}, code: "CONFLICT", field: "name"},
			{name: "bad colour", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "Rouge", "color": "red"}}, code: "BAD_USER_INPUT", field: "color"},
			{name: "short colour", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "Rouge", "color": "#12345"}}, code: "BAD_USER_INPUT", field: "color"},
			{name: "description over 500", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "Long", "description": strings.Repeat("d", 501)}}, code: "BAD_USER_INPUT", field: "description"},
			{name: "name missing", query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"color": "#123456"}}, code: "BAD_USER_INPUT", field: "input.name"},
			{name: "rename to a taken name", query: updateLabel, vars: graphtest.Vars{"id": l1, "input": graphtest.Vars{"name": strings.ToUpper(graphtest.JournalLabels[0])}}, code: "CONFLICT", field: "name"},
			{name: "rename to blank", query: updateLabel, vars: graphtest.Vars{"id": l1, "input": graphtest.Vars{"name": " "}}, code: "BAD_USER_INPUT", field: "name"},
			{name: "rename to 51 characters", query: updateLabel, vars: graphtest.Vars{"id": l1, "input": graphtest.Vars{"name": strings.Repeat("x", 51)}}, code: "BAD_USER_INPUT", field: "name"},
			{name: "recolour badly", query: updateLabel, vars: graphtest.Vars{"id": l0, "input": graphtest.Vars{"color": "#GGGGGG"}}, code: "BAD_USER_INPUT", field: "color"},
			{name: "viewer creates", v: graphtest.Viewer(e.a.Merchant, viewer.RoleViewer), query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "Interdit"}}, code: "FORBIDDEN"},
			{name: "operator renames", v: graphtest.Viewer(e.a.Merchant, viewer.RoleOperator), query: updateLabel, vars: graphtest.Vars{"id": l0, "input": graphtest.Vars{"name": "Interdit"}}, code: "FORBIDDEN"},
			{name: "anonymous creates", v: nil, query: createLabel, vars: graphtest.Vars{"input": graphtest.Vars{"name": "Interdit"}}, code: "UNAUTHENTICATED"},
		} {
			t.Run(c.name, func(t *testing.T) {
				if c.v == nil && c.code != "UNAUTHENTICATED" {
					c.v = e.va
				}
				c.check(t, e.srv, e.f)
			})
		}
	})
}

func TestLabelling(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		e := newJournalEnv(t, d, 6, 3)
		f := e.f
		shop := f.Shop(e.a.Merchant, "Étiquetage")
		// Fresh transactions without labels, so that every link below is
		// made by the test.
		var tx []int
		for range 4 {
			tx = append(tx, f.Transaction(graphtest.Tx{Shop: shop}).ID)
		}
		l := []int{e.a.Labels[0].ID, e.a.Labels[1].ID, e.a.Labels[2].ID}
		operator := graphtest.Viewer(e.a.Merchant, viewer.RoleOperator)
		linked := func(t *testing.T, txID int) []int {
			t.Helper()
			var out []int
			for _, link := range f.Links(txID) {
				out = append(out, link.LabelID)
			}
			return out
		}
		type txJSON struct {
			ID     string
			Labels []struct{ ID string }
		}

		t.Run("add", func(t *testing.T) {
			var got struct{ AddLabels []txJSON }
			e.srv.Query(t, e.va, addLabels, graphtest.Vars{"t": graphtest.IDs(tx[1], tx[0], tx[1]), "l": graphtest.IDs(l[0], l[1])}, &got)
			var order []int
			for _, r := range got.AddLabels {
				order = append(order, graphtest.EntID(t, r.ID))
				var labels []int
				for _, lb := range r.Labels {
					labels = append(labels, graphtest.EntID(t, lb.ID))
				}
				if got, want := sorted(labels), sorted(l[:2]); !slices.Equal(got, want) {
					t.Errorf("transaction %s: got labels %v, want %v", r.ID, got, want)
				}
			}
			if want := []int{tx[1], tx[0]}; !slices.Equal(order, want) {
				t.Errorf("got transactions %v, want %v", order, want)
			}
			for _, id := range tx[:2] {
				if got, want := linked(t, id), sorted(l[:2]); !slices.Equal(got, want) {
					t.Errorf("transaction %d: got links %v, want %v", id, got, want)
				}
			}
		})
		t.Run("add twice keeps the first link", func(t *testing.T) {
			first := f.Links(tx[0])
			var got struct{ AddLabels []txJSON }
			e.srv.Query(t, operator, addLabels, graphtest.Vars{"t": graphtest.IDs(tx[0], tx[2]), "l": graphtest.IDs(l[0], l[1])}, &got)
			again := f.Links(tx[0])
			if len(again) != len(first) {
				t.Fatalf("got %d links, want %d", len(again), len(first))
			}
			for i := range first {
				if got, want := again[i].AddedBy, first[i].AddedBy; got != want {
					t.Errorf("label %d: got addedBy %q, want %q", first[i].LabelID, got, want)
				}
				if got, want := again[i].CreatedAt, first[i].CreatedAt; !got.Equal(want) {
					t.Errorf("label %d: got added at %s, want %s", first[i].LabelID, got, want)
				}
			}
			if got, want := first[0].AddedBy, e.va.Name; got != want {
				t.Errorf("got addedBy %q, want %q", got, want)
			}
			for _, link := range f.Links(tx[2]) {
				if got, want := link.AddedBy, operator.Name; got != want {
					t.Errorf("new link: got addedBy %q, want %q", got, want)
				}
			}
		})
		t.Run("remove ignores absent pairs", func(t *testing.T) {
			var got struct{ RemoveLabels []txJSON }
			e.srv.Query(t, operator, removeLabels, graphtest.Vars{"t": graphtest.IDs(tx[0], tx[3]), "l": graphtest.IDs(l[0], l[2])}, &got)
			if got, want := linked(t, tx[0]), []int{l[1]}; !slices.Equal(got, want) {
				t.Errorf("got links %v, want %v", got, want)
			}
			if got, want := linked(t, tx[1]), sorted(l[:2]); !slices.Equal(got, want) {
				t.Errorf("untouched transaction: got links %v, want %v", got, want)
			}
			if got := linked(t, tx[3]); len(got) != 0 {
				t.Errorf("got links %v, want none", got)
			}
		})
		t.Run("delete removes the links", func(t *testing.T) {
			var made struct{ CreateLabel labelJSON }
			e.srv.Query(t, e.va, createLabel, graphtest.Vars{"input": graphtest.Vars{"name": "Éphémère"}}, &made)
			doomed := graphtest.EntID(t, made.CreateLabel.ID)
			var added struct{ AddLabels []txJSON }
			e.srv.Query(t, e.va, addLabels, graphtest.Vars{"t": graphtest.IDs(tx...), "l": graphtest.IDs(doomed)}, &added)
			before := map[int][]int{}
			for _, id := range tx {
				before[id] = slices.DeleteFunc(linked(t, id), func(l int) bool { return l == doomed })
			}
			var got struct{ DeleteLabel string }
			e.srv.Query(t, e.va, deleteLabel, graphtest.Vars{"id": made.CreateLabel.ID}, &got)
			if got.DeleteLabel != made.CreateLabel.ID {
				t.Errorf("got %q, want the deleted label's ID %q", got.DeleteLabel, made.CreateLabel.ID)
			}
			for _, id := range tx {
				if got, want := linked(t, id), before[id]; !slices.Equal(got, want) {
					t.Errorf("transaction %d: got links %v, want %v", id, got, want)
				}
			}
			if n, err := f.Client.Label.Query().Count(graphtest.System()); err != nil || n != len(e.a.Labels)+len(e.b.Labels) {
				t.Errorf("got %d labels (%v), want %d", n, err, len(e.a.Labels)+len(e.b.Labels))
			}
		})

		unknownTx := graphtest.ID(tx[3] + 1000)
		unknownLabel := graphtest.ID(l[2] + 1000)
		ids := func(ids ...string) []string { return append([]string{}, ids...) }
		bTx, bLabel := graphtest.ID(e.b.Rows[0].ID), graphtest.ID(e.b.Labels[0].ID)
		t0, t1, l0, l1 := graphtest.ID(tx[0]), graphtest.ID(tx[1]), graphtest.ID(l[0]), graphtest.ID(l[1])
		for _, c := range []failure{
			{name: "add to an unknown transaction", query: addLabels, vars: graphtest.Vars{"t": ids(t0, unknownTx), "l": ids(l0, l1)}, code: "NOT_FOUND", field: "transactionIds[1]"},
			{name: "add an unknown label", query: addLabels, vars: graphtest.Vars{"t": ids(t0, t1), "l": ids(l1, l0, unknownLabel)}, code: "NOT_FOUND", field: "labelIds[2]"},
			{name: "add a label as a transaction", query: addLabels, vars: graphtest.Vars{"t": ids(l0), "l": ids(l1)}, code: "NOT_FOUND", field: "transactionIds[0]"},
			{name: "add to another merchant's transaction", query: addLabels, vars: graphtest.Vars{"t": ids(t1, t0, bTx), "l": ids(l0)}, code: "NOT_FOUND", field: "transactionIds[2]"},
			{name: "add another merchant's label", query: addLabels, vars: graphtest.Vars{"t": ids(t0), "l": ids(bLabel)}, code: "NOT_FOUND", field: "labelIds[0]"},
			{name: "add a malformed ID", query: addLabels, vars: graphtest.Vars{"t": ids(t0, "x"), "l": ids(l0)}, code: "BAD_USER_INPUT", field: "transactionIds[1]"},
			{name: "add to no transaction", query: addLabels, vars: graphtest.Vars{"t": ids(), "l": ids(l0)}, code: "BAD_USER_INPUT", field: "transactionIds"},
			{name: "add no label", query: addLabels, vars: graphtest.Vars{"t": ids(t0), "l": ids()}, code: "BAD_USER_INPUT", field: "labelIds"},
			{name: "remove from an unknown transaction", query: removeLabels, vars: graphtest.Vars{"t": ids(t1, unknownTx), "l": ids(l0)}, code: "NOT_FOUND", field: "transactionIds[1]"},
			{name: "remove another merchant's label", query: removeLabels, vars: graphtest.Vars{"t": ids(t1), "l": ids(l0, bLabel)}, code: "NOT_FOUND", field: "labelIds[1]"},
			{name: "delete an unknown label", query: deleteLabel, vars: graphtest.Vars{"id": unknownLabel}, code: "NOT_FOUND", field: "id"},
			{name: "delete another merchant's label", query: deleteLabel, vars: graphtest.Vars{"id": bLabel}, code: "NOT_FOUND", field: "id"},
			{name: "delete a transaction", query: deleteLabel, vars: graphtest.Vars{"id": t0}, code: "NOT_FOUND", field: "id"},
			{name: "rename an unknown label", query: updateLabel, vars: graphtest.Vars{"id": unknownLabel, "input": graphtest.Vars{"name": "Nouveau"}}, code: "NOT_FOUND", field: "id"},
			{name: "recolour another merchant's label", query: updateLabel, vars: graphtest.Vars{"id": bLabel, "input": graphtest.Vars{"color": "#000000"}}, code: "NOT_FOUND", field: "id"},
			{name: "viewer adds", v: graphtest.Viewer(e.a.Merchant, viewer.RoleViewer), query: addLabels, vars: graphtest.Vars{"t": ids(t0), "l": ids(l0)}, code: "FORBIDDEN"},
			{name: "partner removes", v: graphtest.Viewer(e.a.Merchant, viewer.RolePartner), query: removeLabels, vars: graphtest.Vars{"t": ids(t1), "l": ids(l0)}, code: "FORBIDDEN"},
			{name: "operator deletes", v: operator, query: deleteLabel, vars: graphtest.Vars{"id": l0}, code: "FORBIDDEN"},
			{name: "a later failure undoes earlier mutations", query: `mutation($ok: [ID!]!, $t: [ID!]!, $l: [ID!]!) {
				a: createLabel(input: {name: "Atomique"}) { id }
				b: addLabels(transactionIds: $ok, labelIds: $l) { id }
				c: addLabels(transactionIds: $t, labelIds: $l) { id }
			}`, vars: graphtest.Vars{"ok": ids(graphtest.ID(tx[3])), "t": ids(graphtest.ID(tx[3]), unknownTx), "l": ids(l0, l1)}, code: "NOT_FOUND", field: "transactionIds[1]"},
		} {
			t.Run(c.name, func(t *testing.T) {
				if c.v == nil {
					c.v = e.va
				}
				c.check(t, e.srv, e.f)
			})
		}
	})
}

// TestConcurrentLabelNames creates the same label name in two database
// transactions at once: the second must be the same CONFLICT on name as
// when the name was taken before it began.
func TestConcurrentLabelNames(t *testing.T) {
	testdb.Each(t, func(t *testing.T, d *db.DB) {
		m := graphtest.NewFixture(t, d.Client).Merchant("Concurrent", "Europe/Zurich")
		ctx := viewer.NewContext(context.Background(), graphtest.Viewer(m, viewer.RoleAdmin))
		first, err := d.Client.Tx(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := first.Label.Create().SetName("Doublon").Save(ctx); err != nil {
			t.Fatal(err)
		}
		second := make(chan error, 1)
		go func() {
			tx, err := d.Client.Tx(ctx)
			if err != nil {
				second <- err
				return
			}
			_, err = tx.Label.Create().SetName("DOUBLON").Save(ctx)
			_ = tx.Rollback()
			second <- err
		}()
		graphtest.WaitForLock(t, d)
		if err := first.Commit(); err != nil {
			t.Fatal(err)
		}
		err = <-second
		var appErr *apperr.Error
		if !errors.As(err, &appErr) || appErr.Code != apperr.Conflict || appErr.Field != "name" {
			t.Errorf("got %v, want a CONFLICT on name", err)
		}
	})
}
