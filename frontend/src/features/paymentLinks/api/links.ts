import { graphql } from "@/gql";

export const PaymentLinkRowFragment = graphql(`
  fragment PaymentLinkRow on PaymentLink {
    id
    createdAt
    kind
    mode
    status
    amount
    currency
    orderReference
    payerReference
    recipientEmail
    buyerFirstName
    buyerLastName
    expiresAt
    createdBy
    shop {
      id
      name
    }
  }
`);

export const PaymentLinksQuery = graphql(`
  query PaymentLinks(
    $first: Int
    $after: Cursor
    $last: Int
    $before: Cursor
    $where: PaymentLinkWhereInput
    $withTotal: Boolean!
  ) {
    paymentLinks(first: $first, after: $after, last: $last, before: $before, where: $where) {
      totalCount @include(if: $withTotal)
      edges {
        cursor
        node {
          ...PaymentLinkRow
        }
      }
    }
  }
`);

export const PaymentLinkDetailFragment = graphql(`
  fragment PaymentLinkDetail on PaymentLink {
    ...PaymentLinkRow
    updatedAt
    description
    language
    reconciliation
    subject
    message
    batch
    sentAt
    openedAt
    paidAt
    canceledAt
    url
    transaction {
      id
      status
      mode
      amount
      currency
      paymentMethod
      cardLast4
      orderReference
      createdAt
    }
    emails {
      id
      createdAt
      kind
      status
      to
      bcc
      subject
      attempts
      lastError
      sentAt
    }
  }
`);

export const PaymentLinkQuery = graphql(`
  query PaymentLink($id: ID!) {
    node(id: $id) {
      __typename
      ... on PaymentLink {
        ...PaymentLinkDetail
      }
    }
  }
`);

/** What the wizard needs of the chosen shop: its defaults, its templates, what blocks sending. */
export const LinkShopQuery = graphql(`
  query LinkShop($id: ID!) {
    node(id: $id) {
      __typename
      ... on Shop {
        id
        name
        defaultLanguage
        managerEmail
        orderReferenceRequired
        linkValidityDays
        missingLinkSettings
        emailTemplates {
          language
          subject
          body
          custom
        }
      }
    }
  }
`);

export const ViewerEmailQuery = graphql(`
  query ViewerEmail {
    viewer {
      email
    }
  }
`);

export const PaymentLinkEmailPreviewQuery = graphql(`
  query PaymentLinkEmailPreview($input: PaymentLinkEmailPreviewInput!) {
    paymentLinkEmailPreview(input: $input) {
      subject
      text
      html
    }
  }
`);

export const CreatePaymentLinksMutation = graphql(`
  mutation CreatePaymentLinks($input: CreatePaymentLinksInput!) {
    createPaymentLinks(input: $input) {
      batch
      links {
        ...PaymentLinkRow
      }
    }
  }
`);

export const CancelPaymentLinkMutation = graphql(`
  mutation CancelPaymentLink($id: ID!) {
    cancelPaymentLink(id: $id) {
      ...PaymentLinkDetail
    }
  }
`);

export const ResendPaymentLinkMutation = graphql(`
  mutation ResendPaymentLink($id: ID!) {
    resendPaymentLink(id: $id) {
      ...PaymentLinkDetail
    }
  }
`);
