package schema

import (
	"context"
	"fmt"

	"entgo.io/ent"

	gen "github.com/guichet/guichet/ent"
	"github.com/guichet/guichet/ent/auditevent"
	"github.com/guichet/guichet/ent/hook"
	"github.com/guichet/guichet/ent/label"
	"github.com/guichet/guichet/internal/audit"
	"github.com/guichet/guichet/internal/viewer"
)

// labelAuditHook records every change of a label definition in the audit
// trail, in the same database transaction. Guichet's own jobs (seeding)
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
		switch {
		case m.Op().Is(ent.OpCreate):
			l := v.(*gen.Label)
			e = audit.Event{Action: auditevent.ActionLABEL_CREATED, Target: l.Name, After: labelValues(l)}
		case m.Op().Is(ent.OpDeleteOne):
			e = audit.Event{Action: auditevent.ActionLABEL_DELETED, Target: before.Name, Before: labelValues(before)}
		default:
			l := v.(*gen.Label)
			e = audit.Event{Action: auditevent.ActionLABEL_UPDATED, Target: l.Name, Before: labelValues(before), After: labelValues(l)}
		}
		if err := audit.Record(ctx, m.Client(), e); err != nil {
			return nil, fmt.Errorf("audit label change: %w", err)
		}
		return v, nil
	})
}

func labelValues(l *gen.Label) map[string]any {
	return map[string]any{"name": l.Name, "color": l.Color, "description": l.Description}
}
