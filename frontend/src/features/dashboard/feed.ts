import type { LabelEvent } from "@/lib/label-events";

/** A feed of label events, newest first, at most `size` long. */
export interface Feed {
  events: LabelEvent[];
  /** IDs of the events that arrived while the dashboard was open. */
  fresh: ReadonlySet<string>;
}

/** The feed from the log's last events, oldest first as the log gives them. */
export function loadFeed(oldestFirst: readonly LabelEvent[]): Feed {
  return { events: [...oldestFirst].reverse(), fresh: new Set() };
}

/** The feed with one more event on top; an event already shown is not shown twice. */
export function pushEvent(feed: Feed, e: LabelEvent, size: number): Feed {
  if (feed.events.some((x) => x.id === e.id)) return feed;
  const events = [e, ...feed.events].slice(0, size);
  const kept = new Set(events.map((x) => x.id));
  return { events, fresh: new Set([...feed.fresh, e.id].filter((id) => kept.has(id))) };
}
