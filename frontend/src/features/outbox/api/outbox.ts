import { useQuery } from "urql";
import { graphql } from "@/gql";
import { QUIET } from "@/lib/graphql-client";

export const OutboxQuery = graphql(`
  query Outbox($first: Int, $after: Cursor, $last: Int, $before: Cursor, $withTotal: Boolean!) {
    outbox(first: $first, after: $after, last: $last, before: $before, orderBy: { field: CREATED_AT, direction: DESC }) {
      totalCount @include(if: $withTotal)
      edges {
        cursor
        node {
          id
          createdAt
          kind
          status
          to
          bcc
          subject
          attempts
          sentAt
        }
      }
    }
  }
`);

export const OutboxMessageQuery = graphql(`
  query OutboxMessage($id: ID!) {
    node(id: $id) {
      __typename
      ... on EmailMessage {
        id
        createdAt
        kind
        status
        messageID
        fromName
        replyTo
        to
        bcc
        language
        subject
        attempts
        lastError
        relay
        sentAt
        textBody
        htmlBody
        paymentLink {
          id
          orderReference
          mode
        }
      }
    }
  }
`);

/** Whether the server keeps a local outbox: only in development, and only for those who manage shops. */
export const OutboxProbeQuery = graphql(`
  query OutboxProbe {
    outbox(first: 1) {
      edges {
        cursor
      }
    }
  }
`);

/**
 * Whether the outbox can be shown. A production server answers FORBIDDEN,
 * which is an answer here, not an error to report: the probe is QUIET.
 */
export function useOutboxAvailable(allowed: boolean): boolean {
  const [{ data, error }] = useQuery({ query: OutboxProbeQuery, pause: !allowed, context: QUIET });
  return allowed && !!data?.outbox && !error;
}
