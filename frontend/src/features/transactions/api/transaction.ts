import { graphql } from "@/gql";

export const TransactionLabelsFragment = graphql(`
  fragment TransactionLabels on Transaction {
    id
    labels {
      id
      name
      color
      description
    }
  }
`);

/** How many audit events the page shows, newest first. */
export const AUDIT_PAGE = 50;

export const TransactionHistoryFragment = graphql(`
  fragment TransactionHistory on Transaction {
    id
    operations {
      id
      kind
      amount
      currency
      result
      reason
      failureMessage
      actorName
      clientID
      createdAt
      processorReference
    }
    # One more than shown, to know whether older ones exist.
    auditEvents(first: 51, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          id
          action
          actorName
          clientID
          target
          before
          after
          createdAt
        }
      }
    }
  }
`);

export const TransactionDetailFragment = graphql(`
  fragment TransactionDetail on Transaction {
    id
    createdAt
    updatedAt
    mode
    status
    amount
    currency
    capturedAmount
    refundedAmount
    paymentMethod
    channel
    eci
    cardLast4
    orderReference
    description
    reconciliation
    processorReference
    failureCode
    failureReason
    authorizedAt
    capturedAt
    shop {
      id
      name
    }
    payer {
      id
      reference
      name
      email
    }
    paymentLink {
      id
      orderReference
    }
    refundableAmount
    viewerCanCapture
    viewerCanRefund
    viewerCanCancel
    ...TransactionLabels
    ...TransactionHistory
  }
`);

export const TransactionQuery = graphql(`
  query Transaction($id: ID!) {
    node(id: $id) {
      __typename
      ... on Transaction {
        ...TransactionDetail
      }
    }
  }
`);

export const AddLabelsMutation = graphql(`
  mutation AddLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {
    addLabels(transactionIds: $transactionIds, labelIds: $labelIds) {
      ...TransactionLabels
    }
  }
`);

export const RemoveLabelsMutation = graphql(`
  mutation RemoveLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {
    removeLabels(transactionIds: $transactionIds, labelIds: $labelIds) {
      ...TransactionLabels
    }
  }
`);
