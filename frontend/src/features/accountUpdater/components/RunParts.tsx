import { Flex, Progress, Space, Table, Tag, Tooltip, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DecisionInfoFragment, UpdaterDecision, UpdaterRunFieldsFragment } from "@/gql/graphql";
import { useNumberFormat } from "@/lib/format";

const STATE_COLORS: Record<string, string> = {
  SELECTING: "processing",
  SUBMITTING: "processing",
  AWAITING_RESPONSES: "gold",
  COMPLETED: "green",
};

/** A run's state, coloured: ongoing, awaiting answers, completed. */
export function RunStateTag({ state }: { state: string }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATE_COLORS[state] ?? "default"} variant="filled">
      {t(`updater.state.${state}`)}
    </Tag>
  );
}

/** How far a run is: answered of selected, and the cards pending and submitted. */
export function RunProgress({ progress }: { progress: UpdaterRunFieldsFragment["progress"] }) {
  const { t } = useTranslation();
  const number = useNumberFormat();
  const { selected, pending, submitted, answered } = progress;
  const percent = selected === 0 ? 100 : Math.floor((answered * 100) / selected);
  return (
    <Flex vertical gap={0} style={{ minWidth: 220 }}>
      <Progress
        percent={percent}
        size="small"
        status={answered < selected ? "active" : "normal"}
        aria-label={t("updater.progress.label")}
      />
      <Typography.Text type="secondary" className="nowrap">
        {t("updater.progress.summary", {
          selected: number(selected),
          pending: number(pending),
          submitted: number(submitted),
          answered: number(answered),
        })}
      </Typography.Text>
    </Flex>
  );
}

/** What a decision does to the billing profile. */
export function DecisionEffect({ info }: { info: Pick<DecisionInfoFragment, "updatesCard" | "disablesProfile"> }) {
  const { t } = useTranslation();
  if (info.disablesProfile) return <Tag color="red">{t("updater.effect.disables")}</Tag>;
  if (info.updatesCard) return <Tag color="blue">{t("updater.effect.updates")}</Tag>;
  return <Tag>{t("updater.effect.none")}</Tag>;
}

/** A decision code's name, with its meaning on hover. */
export function DecisionName({ code, meaning }: { code: UpdaterDecision; meaning?: string | null }) {
  const { t } = useTranslation();
  const name = t(`updater.decision.${code}`);
  return meaning ? (
    <Tooltip title={meaning}>
      <span>{name}</span>
    </Tooltip>
  ) : (
    <span>{name}</span>
  );
}

/** The non-zero answers of a run per decision code, in a line. */
export function DecisionCountsInline({ run }: { run: UpdaterRunFieldsFragment }) {
  const { t } = useTranslation();
  const number = useNumberFormat();
  const counts = run.progress.byDecision.filter((d) => d.count > 0);
  if (counts.length === 0) return <Typography.Text type="secondary">{t("updater.noAnswers")}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {counts.map((d) => (
        <Tag key={d.decision}>
          {t("updater.countOf", { name: t(`updater.decision.${d.decision}`), count: d.count, formatted: number(d.count) })}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * Every decision code with its meaning, the schemes' codes, its effect and
 * whether the report lists it; with a run, the run's answers of each code,
 * a count leading to the results of its code.
 */
export function DecisionCodesTable({
  codes,
  label,
  run,
  link,
}: {
  codes: readonly DecisionInfoFragment[];
  label: string;
  run?: UpdaterRunFieldsFragment;
  /** Where a count leads, when it leads anywhere. */
  link?: (code: UpdaterDecision) => string;
}) {
  const { t } = useTranslation();
  const number = useNumberFormat();
  const counts = new Map(run?.progress.byDecision.map((d) => [d.decision, d.count]));
  const columns: ColumnsType<DecisionInfoFragment> = [
    { key: "code", title: t("updater.decisionCode"), render: (_, d) => t(`updater.decision.${d.code}`) },
    { key: "meaning", title: t("updater.meaning"), render: (_, d) => d.meaning },
    {
      key: "schemes",
      title: t("updater.schemeCodes"),
      render: (_, d) => (
        <span className="nowrap">
          Visa <code>{d.visaCode}</code> · Mastercard <code>{d.mastercardCode}</code>
        </span>
      ),
    },
    { key: "effect", title: t("updater.effectTitle"), render: (_, d) => <DecisionEffect info={d} /> },
    {
      key: "reported",
      title: t("updater.codes.reported"),
      render: (_, d) => (d.reported ? t("updater.codes.yes") : t("updater.codes.no")),
    },
  ];
  if (run) {
    columns.push({
      key: "count",
      title: t("updater.count"),
      width: 90,
      align: "right",
      render: (_, d) => {
        const n = counts.get(d.code) ?? 0;
        return link && n > 0 ? (
          <Link to={link(d.code)} aria-label={t("updater.showResults", { code: t(`updater.decision.${d.code}`) })}>
            {number(n)}
          </Link>
        ) : (
          number(n)
        );
      },
    });
  }
  return (
    <Table<DecisionInfoFragment>
      className="dense-table"
      size="small"
      rowKey="code"
      pagination={false}
      dataSource={[...codes]}
      aria-label={label}
      scroll={{ x: 900 }}
      columns={columns}
    />
  );
}
