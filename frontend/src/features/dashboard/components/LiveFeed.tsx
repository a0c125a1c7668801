import { Empty, Typography } from "antd";
import { Trans, useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LabelChip } from "@/components/Tags";
import { useFormat } from "@/lib/format";
import type { LabelEvent } from "@/lib/label-events";
import type { Feed } from "../feed";

/** One label event as a sentence: who did what to which transaction, and when. */
function FeedEntry({ e, fresh }: { e: LabelEvent; fresh: boolean }) {
  const f = useFormat();
  const tx = e.transaction;
  const reference = tx ? tx.orderReference || tx.id : "";
  return (
    <li className={fresh ? "feed-entry feed-entry-fresh" : "feed-entry"}>
      <time dateTime={e.at} className="feed-time">
        {f.dateTime(e.at, true)}
      </time>
      <span className="feed-text">
        <Trans
          i18nKey={`dashboard.feed.${e.kind}`}
          values={{ actor: e.actor.name, reference }}
          components={{
            actor: <strong />,
            chip: <LabelChip label={e.label} tooltip={false} />,
            tx: tx ? <Link to={`/transactions/${tx.id}`} /> : <span />,
          }}
        />
        {tx ? (
          <Typography.Text type="secondary" className="money">
            {" "}
            ({f.money(tx.amount, tx.currency)})
          </Typography.Text>
        ) : null}
      </span>
    </li>
  );
}

/** The latest label events, newest first; those that arrived live stand out. */
export function LiveFeed({ feed }: { feed: Feed }) {
  const { t } = useTranslation();
  if (feed.events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dashboard.feed.empty")} />;
  return (
    <ol className="feed" aria-label={t("dashboard.feed.title")} aria-live="polite">
      {feed.events.map((e) => (
        <FeedEntry key={e.id} e={e} fresh={feed.fresh.has(e.id)} />
      ))}
    </ol>
  );
}
