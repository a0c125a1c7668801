import { App, Button, Card, Flex, Popconfirm, Result, Switch, Table, Tag, Tooltip, Typography } from "antd";
import { useTranslation } from "react-i18next";
import { useMutation, useQuery } from "urql";
import { QueryError } from "@/components/QueryError";
import type { AccessQuery as AccessData } from "@/gql/graphql";
import { appErrors, isGlobal } from "@/lib/errors";
import { useFormat } from "@/lib/format";
import { nodesOf } from "@/lib/pagination";
import { useCan } from "@/lib/viewer";
import { describeUserAgent } from "../userAgent";
import { ACCESS_PAGE, AccessQuery, RevokeSessionMutation, SetPartnerClientDisabledMutation } from "../api/access";

type Session = NonNullable<NonNullable<NonNullable<AccessData["sessions"]["edges"]>[number]>["node"]>;
type PartnerClient = NonNullable<NonNullable<NonNullable<AccessData["partnerClients"]["edges"]>[number]>["node"]>;

/** Settings › Access: who is logged in, and which partners' systems may call the API. */
export default function AccessPage() {
  const { t } = useTranslation();
  const allowed = useCan("MANAGE_ACCESS");
  if (!allowed) return <Result status="403" title={t("access.title")} subTitle={t("access.forbidden")} />;
  return <Access />;
}

function Access() {
  const { t } = useTranslation();
  const f = useFormat();
  const { message } = App.useApp();
  const [{ data, fetching, error }] = useQuery({ query: AccessQuery });
  const [, revoke] = useMutation(RevokeSessionMutation);
  const [toggling, setDisabled] = useMutation(SetPartnerClientDisabledMutation);
  const sessions = nodesOf(data?.sessions.edges);
  const clients = nodesOf(data?.partnerClients.edges);
  const when = (iso: string | null | undefined) => (iso ? f.dateTime(iso) : "—");

  const report = (result: { error?: Parameters<typeof appErrors>[0] }, done: string) => {
    const failure = appErrors(result.error).find((e) => !isGlobal(e.code));
    if (failure) void message.error(`${t(`errors.${failure.code}`)} ${failure.message}`);
    else if (!result.error) void message.success(done);
  };

  return (
    <Flex vertical gap={12}>
      <Typography.Title level={1} className="page-title">
        {t("access.title")}
      </Typography.Title>
      <QueryError error={error} />
      <Card size="small" title={<h2 className="card-title">{t("access.sessions.title")}</h2>}>
        <Typography.Paragraph type="secondary">{t("access.sessions.intro")}</Typography.Paragraph>
        <Table<Session>
          className="dense-table"
          size="small"
          rowKey="id"
          loading={fetching}
          pagination={false}
          aria-label={t("access.sessions.title")}
          dataSource={sessions}
          locale={{ emptyText: t("access.sessions.empty") }}
          scroll={{ x: 900 }}
          columns={[
            {
              key: "name",
              title: t("access.sessions.person"),
              render: (_, s) => (
                <span>
                  {s.name} <Typography.Text type="secondary">{s.email}</Typography.Text>
                </span>
              ),
            },
            { key: "role", title: t("access.sessions.role"), width: 120, render: (_, s) => <Tag>{t(`role.${s.role}`)}</Tag> },
            { key: "lastSeen", title: t("access.lastSeen"), width: 130, render: (_, s) => when(s.lastSeenAt) },
            { key: "expires", title: t("access.sessions.expires"), width: 130, render: (_, s) => when(s.expiresAt) },
            {
              key: "userAgent",
              title: t("access.sessions.userAgent"),
              width: 200,
              ellipsis: { showTitle: false },
              render: (_, s) => (
                <Tooltip title={s.userAgent} placement="topLeft">
                  <span>{s.userAgent ? describeUserAgent(s.userAgent) : "—"}</span>
                </Tooltip>
              ),
            },
            {
              key: "actions",
              title: t("common.actions"),
              width: 110,
              render: (_, s) => (
                <Popconfirm
                  title={t("access.sessions.revokeConfirm", { name: s.name })}
                  description={t("access.sessions.revokeHint")}
                  okText={t("access.sessions.revoke")}
                  okButtonProps={{ danger: true }}
                  cancelText={t("common.cancel")}
                  onConfirm={async () =>
                    report(await revoke({ id: s.id }), t("access.sessions.revoked", { name: s.name }))
                  }
                >
                  <Button size="small" danger aria-label={t("access.sessions.revokeNamed", { name: s.name })}>
                    {t("access.sessions.revoke")}
                  </Button>
                </Popconfirm>
              ),
            },
          ]}
        />
        {sessions.length >= ACCESS_PAGE ? (
          <Typography.Text type="secondary">{t("access.more", { n: ACCESS_PAGE })}</Typography.Text>
        ) : null}
      </Card>
      <Card size="small" title={<h2 className="card-title">{t("access.partners.title")}</h2>}>
        <Typography.Paragraph type="secondary">{t("access.partners.intro")}</Typography.Paragraph>
        <Table<PartnerClient>
          className="dense-table"
          size="small"
          rowKey="id"
          loading={fetching}
          pagination={false}
          aria-label={t("access.partners.title")}
          dataSource={clients}
          locale={{ emptyText: t("access.partners.empty") }}
          columns={[
            { key: "clientID", title: t("access.partners.clientID"), render: (_, c) => <code>{c.clientID}</code> },
            { key: "name", title: t("access.partners.name"), render: (_, c) => c.name || "—" },
            { key: "lastSeen", title: t("access.lastSeen"), width: 130, render: (_, c) => when(c.lastSeenAt) },
            {
              key: "disabled",
              title: t("access.partners.disabled"),
              width: 130,
              render: (_, c) => (
                <Switch
                  size="small"
                  checked={c.disabled}
                  loading={toggling.fetching && toggling.operation?.variables.id === c.id}
                  aria-label={t("access.partners.disableNamed", { clientID: c.clientID })}
                  onChange={async (disabled) =>
                    report(
                      await setDisabled({ id: c.id, disabled }),
                      t(disabled ? "access.partners.disabledDone" : "access.partners.enabledDone", { clientID: c.clientID }),
                    )
                  }
                />
              ),
            },
          ]}
        />
        {clients.length >= ACCESS_PAGE ? (
          <Typography.Text type="secondary">{t("access.more", { n: ACCESS_PAGE })}</Typography.Text>
        ) : null}
      </Card>
    </Flex>
  );
}
