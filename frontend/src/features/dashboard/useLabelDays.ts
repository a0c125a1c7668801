import { createRequest } from "@urql/core";
import { useEffect, useState } from "react";
import { useClient } from "urql";
import { pipe, take, toPromise } from "wonka";
import type { LabelLike } from "@/components/Tags";
import type { TransactionWhereInput } from "@/gql/graphql";
import { LabelDaysQuery } from "./api/dashboard";
import { labelDays, type LabelDays } from "./stats";

/**
 * For each label, the transactions of the period that carry it, in all and
 * per day: one statistics request per label (the API has no label
 * dimension), fetched again whenever `refresh` changes. Undefined until
 * the first answers.
 */
export function useLabelDays(
  labels: readonly LabelLike[],
  where: TransactionWhereInput,
  refresh: number,
): ReadonlyMap<string, LabelDays> | undefined {
  const client = useClient();
  const [result, setResult] = useState<ReadonlyMap<string, LabelDays>>();
  const ids = labels.map((l) => l.id).join(",");
  const key = JSON.stringify(where);
  useEffect(() => {
    let current = true;
    const ask = (id: string) =>
      pipe(
        client.executeQuery(createRequest(LabelDaysQuery, { where: { ...JSON.parse(key), hasLabelsAnyOf: [id] } }), {
          requestPolicy: refresh > 0 ? "network-only" : "cache-first",
        }),
        take(1),
        toPromise,
      ).then((r) => [id, r.data ? labelDays(r.data.transactionStats) : undefined] as const);
    void Promise.all(ids ? ids.split(",").map(ask) : []).then((answers) => {
      if (!current) return;
      setResult(new Map(answers.flatMap(([id, d]) => (d ? [[id, d] as const] : []))));
    });
    return () => {
      current = false;
    };
  }, [client, ids, key, refresh]);
  return result;
}
