import { App, Button, Flex, Modal, Table, Typography } from "antd";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { QueryError } from "@/components/QueryError";
import { RowActions } from "@/components/RowActions";
import { LabelChip, sortLabels } from "@/components/Tags";
import type { LabelFieldsFragment } from "@/gql/graphql";
import { appErrors, isGlobal } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { nodesOf } from "@/lib/pagination";
import { useCan } from "@/lib/viewer";
import { DeleteLabelMutation, LabelsSettingsQuery } from "../api/labels";
import { LabelForm } from "./LabelForm";

// deleteLabel returns only an ID: name the types whose cached lists it changes.
const AFTER_DELETE = { additionalTypenames: ["Label", "Transaction"] };

/** Settings › Labels: define the labels transactions can carry. */
export default function LabelsPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const canManage = useCan("MANAGE_LABELS");
  const [{ data, fetching, error }] = useQuery({ query: LabelsSettingsQuery, context: AFTER_DELETE });
  const [, deleteLabel] = useMutation(DeleteLabelMutation);
  // undefined: no form; null: a new label; a label: editing it.
  const [editing, setEditing] = useState<LabelFieldsFragment | null | undefined>(undefined);
  const labels = sortLabels(nodesOf(data?.labels.edges), f.locale);

  const remove = async (label: LabelFieldsFragment) => {
    const result = await deleteLabel({ id: label.id }, AFTER_DELETE);
    const failure = appErrors(result.error).find((e) => !isGlobal(e.code));
    if (failure) void message.error(`${t(`errors.${failure.code}`)} ${failure.message}`);
    else if (!result.error) void message.success(t("labels.deleted", { name: label.name }));
  };

  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={1} className="page-title">
          {t("labels.title")}
        </Typography.Title>
        {canManage ? (
          <Button type="primary" onClick={() => setEditing(null)}>
            {t("labels.new")}
          </Button>
        ) : null}
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("labels.intro")}
      </Typography.Paragraph>
      <QueryError error={error} />
      <Table<LabelFieldsFragment>
        className="dense-table"
        size="small"
        rowKey="id"
        loading={fetching}
        pagination={false}
        dataSource={labels}
        locale={{ emptyText: t("labels.empty") }}
        columns={[
          { key: "label", title: t("labels.label"), render: (_, l) => <LabelChip label={l} tooltip={false} /> },
          {
            key: "description",
            title: t("labels.description"),
            render: (_, l) => l.description || <Typography.Text type="secondary">—</Typography.Text>,
          },
          {
            key: "color",
            title: t("labels.color"),
            width: 120,
            render: (_, l) => (
              <Flex gap={6} align="center">
                <span className="swatch" style={{ background: l.color }} aria-hidden />
                <code>{l.color}</code>
              </Flex>
            ),
          },
          { key: "createdAt", title: t("labels.createdAt"), width: 150, render: (_, l) => f.dateTime(l.createdAt) },
          ...(canManage
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  width: 190,
                  render: (_: unknown, l: LabelFieldsFragment) => (
                    <RowActions
                      editLabel={t("labels.editNamed", { name: l.name })}
                      deleteLabel={t("labels.deleteNamed", { name: l.name })}
                      confirmTitle={t("labels.deleteConfirm", { name: l.name })}
                      confirmHint={t("labels.deleteHint")}
                      onEdit={() => setEditing(l)}
                      onDelete={() => remove(l)}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== undefined}
        title={editing ? t("labels.edit") : t("labels.create")}
        footer={null}
        destroyOnHidden
        onCancel={() => setEditing(undefined)}
      >
        {editing !== undefined ? (
          <LabelForm
            label={editing ?? undefined}
            onCancel={() => setEditing(undefined)}
            onDone={(saved) => {
              setEditing(undefined);
              void message.success(t("labels.saved", { name: saved.name }));
            }}
          />
        ) : null}
      </Modal>
    </Flex>
  );
}
