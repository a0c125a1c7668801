import { Empty, Flex, Select, Skeleton, Tabs, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { Navigate, useNavigate, useParams } from "react-router";
import { useMerchantLabels } from "@/components/LabelSelect";
import { LabelChip } from "@/components/Tags";
import { useLocale } from "@/lib/format";
import { labelOf, OTHER_ACTIONS, SAVED_VIEWS } from "../views";
import { LiveQueue } from "./LiveQueue";

/**
 * Review queues: a saved view per label that drives a process ("À
 * rembourser", "Suspects"), or any other label, each a live list of the
 * transactions that carry it. The view is in the URL: /queues/refunds,
 * /queues/suspects, or /queues/<label ID>.
 */
export default function QueuesPage() {
  const { t } = useTranslation();
  const locale = useLocale();
  const navigate = useNavigate();
  const { view } = useParams();
  const { labels, fetching, refresh } = useMerchantLabels();
  if (!view) return <Navigate replace to="/queues/refunds" />;

  const saved = SAVED_VIEWS.map((v) => ({ ...v, label: labelOf(v, labels, locale) }));
  const current = saved.find((v) => v.key === view);
  const label = current ? current.label : labels.find((l) => l.id === view);
  const title = current ? t(`queues.views.${current.key}`) : (label?.name ?? "");
  const other = !current && label;

  const tabs = [
    ...saved.map((v) => ({
      key: v.key,
      label: (
        <span>
          {t(`queues.views.${v.key}`)} {v.label ? <LabelChip label={v.label} tooltip={false} /> : null}
        </span>
      ),
      disabled: !v.label,
    })),
    ...(other ? [{ key: label.id, label: <LabelChip label={label} tooltip={false} /> }] : []),
  ];

  return (
    <Flex vertical gap={8}>
      <Typography.Title level={1} className="page-title">
        {t("queues.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("queues.intro")}
      </Typography.Paragraph>
      <Tabs
        className="queue-tabs"
        activeKey={view}
        onChange={(key) => void navigate(`/queues/${key}`)}
        items={tabs}
        tabBarExtraContent={
          <Select<string>
            size="small"
            showSearch
            aria-label={t("queues.otherLabel")}
            placeholder={t("queues.otherLabel")}
            value={other ? label.id : null}
            loading={fetching}
            onChange={(id) => void navigate(`/queues/${id}`)}
            optionFilterProp="title"
            style={{ minWidth: 220 }}
            options={labels.map((l) => ({ value: l.id, title: l.name, label: <LabelChip label={l} tooltip={false} /> }))}
          />
        }
      />
      {label ? (
        <LiveQueue
          key={label.id}
          label={label}
          title={title}
          actions={current?.actions ?? OTHER_ACTIONS}
          onDefinitionChange={refresh}
        />
      ) : fetching ? (
        <Skeleton active />
      ) : (
        <Empty
          description={
            current ? t("queues.noLabel", { name: current.names[0] }) : t("queues.unknownLabel")
          }
        />
      )}
    </Flex>
  );
}
