package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/hook"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/ent/labelevent"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/labelevents"
	"github.com/guichet/guichet/internal/viewer"
)

// labelAuditHook records every change of a label definition in the audit
// trail and in the label event log, in the same database transaction. Guichet's own jobs (seeding)
// are not on anyone's behalf and leave no event.
func labelAuditHook(next ent.Mutator) ent.Mutator {
	return hook.LabelFunc(func(ctx context.Context, m *gen.LabelMutation) (ent.Value, error) {
		if viewer.FromContext(ctx).IsSystem() {
			return next.Mutate(ctx, m)
		}
		var before *gen.Label
		if !m.Op().Is(ent.OpCreate) {
			ids, err := m.IDs(ctx)
			if err != nil {
				return nil, err
			}
			if len(ids) != 1 {
				return next.Mutate(ctx, m) // not found: let ent say so
			}
			if before, err = m.Client().Label.Query().Where(label.ID(ids[0])).Only(ctx); err != nil {
				return nil, err
			}
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return nil, err
		}
		e := audit.Event{}
		var live []labelevents.Event
		switch {
		case m.Op().Is(ent.OpCreate):
			l := v.(*gen.Label)
			e = audit.Event{Action: auditevent.ActionLABEL_CREATED, Target: l.Name, After: labelValues(l)}
			live = append(live, labelEvent(l, labelevent.KindLABEL_CREATED))
		case m.Op().Is(ent.OpDeleteOne):
			e = audit.Event{Action: auditevent.ActionLABEL_DELETED, Target: before.Name, Before: labelValues(before)}
			live = append(live, labelEvent(before, labelevent.KindLABEL_DELETED))
		default:
			l := v.(*gen.Label)
			e = audit.Event{Action: auditevent.ActionLABEL_UPDATED, Target: l.Name, Before: labelValues(before), After: labelValues(l)}
			if l.Name != before.Name {
				live = append(live, labelEvent(l, labelevent.KindLABEL_RENAMED))
			}
			if l.Color != before.Color {
				live = append(live, labelEvent(l, labelevent.KindLABEL_RECOLOURED))
			}
		}
		if err := audit.Record(ctx, m.Client(), e); err != nil {
			return nil, fmt.Errorf("audit label change: %w", err)
		}
		if err := labelevents.Record(ctx, m.Client(), live...); err != nil {
			return nil, err
		}
		return v, nil
	})
}

func labelEvent(l *gen.Label, kind labelevent.Kind) labelevents.Event {
	return labelevents.Event{MerchantID: l.MerchantID, Kind: kind, LabelID: l.ID, LabelName: l.Name, LabelColor: l.Color}
}

func labelValues(l *gen.Label) map[string]any {
	return map[string]any{"name": l.Name, "color": l.Color, "description": l.Description}
}
