import { App, Button, Input, Popconfirm, Space, Table, Tag, Tooltip } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMutation } from "urql";
import { graphql } from "@/gql";
import type { BillingProfileRowFragment, BillingProfileStatus } from "@/gql/graphql";
import { appErrors, isGlobal } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { useCan } from "@/lib/viewer";

export const BillingProfileRowFragmentDoc = graphql(`
  fragment BillingProfileRow on BillingProfile {
    id
    cardBrand
    cardLast4
    expiry
    paymentMethodRef
    billingRef
    status
    cardUpdatedAt
    disabledReason
    payer {
      id
      reference
    }
  }
`);

export const SetBillingProfileStatusMutation = graphql(`
  mutation SetBillingProfileStatus($id: ID!, $status: BillingProfileStatus!, $reason: String) {
    setBillingProfileStatus(id: $id, status: $status, reason: $reason) {
      ...BillingProfileRow
      disabledAt
    }
  }
`);

export type BillingProfileRow = BillingProfileRowFragment;

/** A billing profile's status: only an ACTIVE one can be charged; a disabled one tells why on hover. */
export function BillingStatusTag({ status, reason }: { status: string; reason?: string | null }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={status === "ACTIVE" ? "green" : "default"} variant="filled">
      {t(`billing.status.${status}`)}
    </Tag>
  );
  return reason && status === "DISABLED" ? <Tooltip title={t("billing.disabledBecause", { reason })}>{tag}</Tooltip> : tag;
}

/** A card's expiry month, YYYY-MM, as printed on cards: MM/YYYY. */
export function formatExpiryMonth(month: string): string {
  const [y, m] = month.split("-");
  return `${m}/${y}`;
}

/** "Visa •••• 4242". */
export function CardLabel({ brand, last4 }: { brand: string; last4: string }) {
  const { t } = useTranslation();
  return (
    <span className="nowrap">
      {t(`method.${brand}`)} <span className="card-digits">•••• {last4}</span>
    </span>
  );
}

/** Disables a profile once confirmed (with an optional reason), or enables it again. */
function StatusAction({ profile }: { profile: BillingProfileRow }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [reason, setReason] = useState("");
  const [{ fetching }, setStatus] = useMutation(SetBillingProfileStatusMutation);
  const card = `${t(`method.${profile.cardBrand}`)} •••• ${profile.cardLast4}`;
  const change = async (status: BillingProfileStatus) => {
    const result = await setStatus({ id: profile.id, status, ...(reason.trim() ? { reason: reason.trim() } : {}) });
    const failure = appErrors(result.error).find((e) => !isGlobal(e.code));
    if (failure) void message.error(`${t(`errors.${failure.code}`)} ${failure.message}`);
    else if (!result.error) void message.success(t(status === "ACTIVE" ? "billing.enabled" : "billing.disabled", { card }));
  };
  if (profile.status === "DISABLED") {
    return (
      <Button size="small" loading={fetching} onClick={() => void change("ACTIVE")} aria-label={t("billing.enableNamed", { card })}>
        {t("billing.enable")}
      </Button>
    );
  }
  return (
    <Popconfirm
      title={t("billing.disableConfirm", { card })}
      description={
        <Space orientation="vertical" size={4} style={{ maxWidth: 320 }}>
          <span>{t("billing.disableHint")}</span>
          <Input
            size="small"
            aria-label={t("billing.reason")}
            placeholder={t("billing.reason")}
            value={reason}
            maxLength={200}
            onChange={(e) => setReason(e.target.value)}
          />
        </Space>
      }
      okText={t("billing.disable")}
      okButtonProps={{ danger: true }}
      cancelText={t("common.cancel")}
      onConfirm={() => change("DISABLED")}
      onOpenChange={(open) => open || setReason("")}
    >
      <Button size="small" danger loading={fetching} aria-label={t("billing.disableNamed", { card })}>
        {t("billing.disable")}
      </Button>
    </Popconfirm>
  );
}

/**
 * Billing profiles: the stored card, its expiry, the merchant's IDs, the
 * status, and a way to disable or enable the profile for whoever may.
 */
export function BillingProfileTable({
  rows,
  loading,
  caption,
  hidePayer = false,
  readOnly = false,
  empty,
}: {
  rows: readonly BillingProfileRow[];
  loading: boolean;
  caption: string;
  hidePayer?: boolean;
  /** No actions, whatever the caller's permissions (a preview, say). */
  readOnly?: boolean;
  empty?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const canManage = useCan("MANAGE_BILLING_PROFILES") && !readOnly;
  const columns: ColumnsType<BillingProfileRow> = [
    { key: "status", title: t("billing.statusTitle"), width: 110, render: (_, p) => <BillingStatusTag status={p.status} reason={p.disabledReason} /> },
    { key: "card", title: t("billing.card"), render: (_, p) => <CardLabel brand={p.cardBrand} last4={p.cardLast4} /> },
    { key: "expiry", title: t("billing.expiry"), width: 100, render: (_, p) => formatExpiryMonth(p.expiry) },
    { key: "paymentMethodRef", title: t("billing.paymentMethodRef"), render: (_, p) => <code>{p.paymentMethodRef}</code> },
    { key: "billingRef", title: t("billing.billingRef"), render: (_, p) => <code>{p.billingRef}</code> },
    ...(hidePayer
      ? []
      : [
          {
            key: "payer",
            title: t("transaction.payerId"),
            render: (_: unknown, p: BillingProfileRow) => (
              <Link to={`/payers/${encodeURIComponent(p.payer.reference)}`}>{p.payer.reference}</Link>
            ),
          },
        ]),
    {
      key: "cardUpdatedAt",
      title: t("billing.cardUpdatedAt"),
      width: 150,
      render: (_, p) => f.dateTime(p.cardUpdatedAt),
    },
    ...(canManage
      ? [{ key: "actions", title: t("common.actions"), width: 130, render: (_: unknown, p: BillingProfileRow) => <StatusAction profile={p} /> }]
      : []),
  ];
  return (
    <Table<BillingProfileRow>
      className="dense-table"
      size="small"
      rowKey="id"
      loading={loading}
      pagination={false}
      dataSource={[...rows]}
      locale={{ emptyText: empty ?? t("billing.empty") }}
      columns={columns}
      scroll={{ x: 1000 }}
      aria-label={caption}
    />
  );
}
