import { App, Button, Flex, Modal, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useMutation, useQuery } from "urql";
import { QueryError } from "@/components/QueryError";
import { RowActions } from "@/components/RowActions";
import type { ReportScheduleFieldsFragment as Schedule } from "@/gql/graphql";
import { appErrors, isGlobal } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { nodesOf } from "@/lib/pagination";
import { DeleteReportScheduleMutation, ReportSchedulesQuery } from "../api/reports";
import { journalPresetOf } from "../schedule";
import { ReportScheduleForm } from "./ReportScheduleForm";

// deleteReportSchedule returns only an ID; a first schedule is in no cached list.
const SCHEDULES = { additionalTypenames: ["ReportSchedule"] };

const DELIVERY_COLORS: Record<string, string> = {
  PENDING: "processing",
  DELIVERED: "green",
  SKIPPED_EMPTY: "default",
  FAILED: "red",
};

/** Reports › Schedules (admins): the reports delivered by e-mail or to the outbound folder. */
export default function ReportSchedulesPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const [{ data, fetching, error }] = useQuery({ query: ReportSchedulesQuery, context: SCHEDULES });
  const [, deleteSchedule] = useMutation(DeleteReportScheduleMutation);
  // The journal links here to schedule its view: the form opens on it.
  const [params, setParams] = useSearchParams();
  const [preset] = useState(() => journalPresetOf(params));
  // undefined: no form; null: a new schedule; a schedule: editing it.
  const [editing, setEditingState] = useState<Schedule | null | undefined>(preset ? null : undefined);
  const setEditing = (next: Schedule | null | undefined) => {
    setEditingState(next);
    if (next === undefined && params.has("new")) setParams(new URLSearchParams(), { replace: true });
  };
  const schedules = nodesOf(data?.reportSchedules.edges);

  const remove = async (s: Schedule) => {
    const result = await deleteSchedule({ id: s.id }, SCHEDULES);
    const failure = appErrors(result.error).find((e) => !isGlobal(e.code));
    if (failure) void message.error(`${t(`errors.${failure.code}`)} ${failure.message}`);
    else if (!result.error) void message.success(t("reports.deleted", { name: s.name }));
  };

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={1} className="page-title">
          {t("reports.title")}
        </Typography.Title>
        <Button type="primary" onClick={() => setEditing(null)}>
          {t("reports.new")}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("reports.intro")}
      </Typography.Paragraph>
      <QueryError error={error} />
      <Table<Schedule>
        className="dense-table"
        size="small"
        rowKey="id"
        loading={fetching}
        pagination={false}
        dataSource={schedules}
        aria-label={t("reports.title")}
        locale={{ emptyText: t("reports.empty") }}
        scroll={{ x: 1100 }}
        columns={[
          {
            key: "name",
            title: t("reports.name"),
            render: (_, s) => (
              <Flex vertical>
                <span>
                  {s.name} {s.enabled ? null : <Tag>{t("reports.disabled")}</Tag>}
                </span>
                <Typography.Text type="secondary">{t(`reports.kinds.${s.kind}`)}</Typography.Text>
              </Flex>
            ),
          },
          {
            key: "when",
            title: t("reports.frequency"),
            render: (_, s) =>
              t(`reports.every.${s.frequency}`, { hour: `${String(s.hour).padStart(2, "0")}:00` }),
          },
          {
            key: "format",
            title: t("reports.format"),
            render: (_, s) =>
              s.format === "CSV" ? `CSV (${t(`downloads.separatorShort.${s.separator}`)})` : "HTML",
          },
          {
            key: "delivery",
            title: t("reports.delivery"),
            render: (_, s) => (
              <Flex vertical>
                {(s.emailRecipients ?? []).length ? <span>{(s.emailRecipients ?? []).join(", ")}</span> : null}
                {s.deliverToFolder ? <span>{t("reports.toFolder")}</span> : null}
                <Typography.Text type="secondary">{s.sendEmpty ? t("reports.sendsEmpty") : t("reports.skipsEmpty")}</Typography.Text>
              </Flex>
            ),
          },
          {
            key: "next",
            title: t("reports.next"),
            render: (_, s) =>
              s.enabled ? (
                <Flex vertical>
                  <span>{t("reports.nextPeriod", { period: s.nextPeriod })}</span>
                  <Typography.Text type="secondary">{t("reports.nextDelivery", { at: f.dateTime(s.nextDeliveryAt) })}</Typography.Text>
                </Flex>
              ) : (
                "—"
              ),
          },
          {
            key: "last",
            title: t("reports.last"),
            render: (_, s) => {
              const d = nodesOf(s.deliveries.edges)[0];
              if (!d) return <Typography.Text type="secondary">{t("reports.never")}</Typography.Text>;
              return (
                <Space size={4} wrap>
                  <span>{d.period}</span>
                  <Tag color={DELIVERY_COLORS[d.state] ?? "default"} variant="filled" title={d.lastError ?? undefined}>
                    {t(`reports.deliveryState.${d.state}`)}
                  </Tag>
                </Space>
              );
            },
          },
          {
            key: "actions",
            title: t("common.actions"),
            width: 190,
            render: (_, s) => (
              <RowActions
                editLabel={t("reports.editNamed", { name: s.name })}
                deleteLabel={t("reports.deleteNamed", { name: s.name })}
                confirmTitle={t("reports.deleteConfirm", { name: s.name })}
                confirmHint={t("reports.deleteHint")}
                onEdit={() => setEditing(s)}
                onDelete={() => remove(s)}
              />
            ),
          },
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t("reports.edit") : t("reports.create")}
        footer={null}
        destroyOnHidden
        width={640}
        onCancel={() => setEditing(undefined)}
      >
        {editing !== undefined ? (
          <ReportScheduleForm
            schedule={editing ?? undefined}
            preset={editing === null && params.get("new") === "JOURNAL" ? preset : undefined}
            onCancel={() => setEditing(undefined)}
            onDone={(saved) => {
              setEditing(undefined);
              void message.success(t("reports.saved", { name: saved.name }));
            }}
          />
        ) : null}
      </Modal>
    </Flex>
  );
}
