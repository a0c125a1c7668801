/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query MerchantLabels {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      edges {\n        node {\n          id\n          name\n          color\n          description\n        }\n      }\n    }\n  }\n": typeof types.MerchantLabelsDocument,
    "\n  fragment MoneyOperationResult on MoneyOperationPayload {\n    replayed\n    operation {\n      id\n      kind\n      amount\n      currency\n      result\n      failureMessage\n    }\n    # Screens that show the transaction refetch it: the cache knows its\n    # type changed. What the dialog's caller may want at once is here.\n    transaction {\n      id\n      status\n      capturedAmount\n      refundedAmount\n      refundableAmount\n      viewerCanCapture\n      viewerCanRefund\n      viewerCanCancel\n    }\n  }\n": typeof types.MoneyOperationResultFragmentDoc,
    "\n  mutation CaptureTransaction($id: ID!, $amount: MinorUnits, $idempotencyKey: String) {\n    captureTransaction(id: $id, amount: $amount, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n": typeof types.CaptureTransactionDocument,
    "\n  mutation RefundTransaction($id: ID!, $amount: MinorUnits, $reason: String, $idempotencyKey: String) {\n    refundTransaction(id: $id, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n": typeof types.RefundTransactionDocument,
    "\n  mutation CancelTransaction($id: ID!, $reason: String, $idempotencyKey: String) {\n    cancelTransaction(id: $id, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n": typeof types.CancelTransactionDocument,
    "\n  fragment TransactionRow on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    paymentMethod\n    cardLast4\n    orderReference\n    payer {\n      id\n      reference\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n": typeof types.TransactionRowFragmentDoc,
    "\n  query Access {\n    sessions(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          createdAt\n          lastSeenAt\n          expiresAt\n          userAgent\n        }\n      }\n    }\n    partnerClients(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {\n      edges {\n        node {\n          id\n          clientID\n          name\n          disabled\n          lastSeenAt\n        }\n      }\n    }\n  }\n": typeof types.AccessDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      endedAt\n    }\n  }\n": typeof types.RevokeSessionDocument,
    "\n  mutation SetPartnerClientDisabled($id: ID!, $disabled: Boolean!) {\n    setPartnerClientDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n": typeof types.SetPartnerClientDisabledDocument,
    "\n  query Feed($last: Int!) {\n    labelEvents(last: $last, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n        node {\n          ...LabelEventFields\n        }\n      }\n    }\n  }\n": typeof types.FeedDocument,
    "\n  query DashboardStats($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [PAYMENT_METHOD, CURRENCY, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        paymentMethod\n        currency\n        failureCode\n        count\n        volume {\n          amount\n          currency\n        }\n      }\n    }\n  }\n": typeof types.DashboardStatsDocument,
    "\n  query LabelDays($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [DAY]) {\n      totalCount\n      buckets {\n        day\n        count\n      }\n    }\n  }\n": typeof types.LabelDaysDocument,
    "\n  query Journal(\n    $first: Int\n    $after: Cursor\n    $last: Int\n    $before: Cursor\n    $where: TransactionWhereInput\n    $search: String\n    $withTotal: Boolean!\n  ) {\n    transactions(first: $first, after: $after, last: $last, before: $before, where: $where, search: $search) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n": typeof types.JournalDocument,
    "\n  query JournalStats($where: TransactionWhereInput, $search: String) {\n    transactionStats(where: $where, search: $search, groupBy: [CURRENCY, PAYMENT_METHOD, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        currency\n        paymentMethod\n        failureCode\n        count\n      }\n    }\n  }\n": typeof types.JournalStatsDocument,
    "\n  fragment LabelFields on Label {\n    id\n    name\n    color\n    description\n    createdAt\n  }\n": typeof types.LabelFieldsFragmentDoc,
    "\n  query LabelsSettings {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          ...LabelFields\n        }\n      }\n    }\n  }\n": typeof types.LabelsSettingsDocument,
    "\n  mutation CreateLabel($input: CreateLabelInput!) {\n    createLabel(input: $input) {\n      ...LabelFields\n    }\n  }\n": typeof types.CreateLabelDocument,
    "\n  mutation UpdateLabel($id: ID!, $input: UpdateLabelInput!) {\n    updateLabel(id: $id, input: $input) {\n      ...LabelFields\n    }\n  }\n": typeof types.UpdateLabelDocument,
    "\n  mutation DeleteLabel($id: ID!) {\n    deleteLabel(id: $id)\n  }\n": typeof types.DeleteLabelDocument,
    "\n  query Payers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: PayerWhereInput, $withTotal: Boolean!) {\n    payers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      where: $where\n      orderBy: { field: REFERENCE, direction: ASC }\n    ) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          id\n          reference\n          name\n          email\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.PayersDocument,
    "\n  query Payer($reference: String!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $withTotal: Boolean!) {\n    payer(reference: $reference) {\n      id\n      reference\n      name\n      email\n      createdAt\n      transactions(\n        first: $first\n        after: $after\n        last: $last\n        before: $before\n        orderBy: { field: CREATED_AT, direction: DESC }\n      ) {\n        totalCount @include(if: $withTotal)\n        edges {\n          cursor\n          node {\n            ...TransactionRow\n          }\n        }\n      }\n    }\n  }\n": typeof types.PayerDocument,
    "\n  query Queue($labelId: ID!, $first: Int!) {\n    transactions(\n      first: $first\n      where: { hasLabelsAnyOf: [$labelId] }\n      orderBy: { field: CREATED_AT, direction: DESC }\n    ) {\n      totalCount\n      edges {\n        node {\n          ...LiveTransaction\n        }\n      }\n    }\n  }\n": typeof types.QueueDocument,
    "\n  mutation Dequeue($transactionId: ID!, $labelId: ID!) {\n    removeLabels(transactionIds: [$transactionId], labelIds: [$labelId]) {\n      id\n      labels {\n        id\n        name\n        color\n        description\n      }\n    }\n  }\n": typeof types.DequeueDocument,
    "\n  fragment TransactionLabels on Transaction {\n    id\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n": typeof types.TransactionLabelsFragmentDoc,
    "\n  fragment TransactionHistory on Transaction {\n    id\n    operations {\n      id\n      kind\n      amount\n      currency\n      result\n      reason\n      failureMessage\n      actorName\n      clientID\n      createdAt\n      processorReference\n    }\n    # One more than shown, to know whether older ones exist.\n    auditEvents(first: 51, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          action\n          actorName\n          clientID\n          target\n          before\n          after\n          createdAt\n        }\n      }\n    }\n  }\n": typeof types.TransactionHistoryFragmentDoc,
    "\n  fragment TransactionDetail on Transaction {\n    id\n    createdAt\n    updatedAt\n    mode\n    status\n    amount\n    currency\n    capturedAmount\n    refundedAmount\n    paymentMethod\n    channel\n    eci\n    cardLast4\n    orderReference\n    description\n    reconciliation\n    processorReference\n    failureCode\n    failureReason\n    authorizedAt\n    capturedAt\n    shop {\n      id\n      name\n    }\n    payer {\n      id\n      reference\n      name\n      email\n    }\n    refundableAmount\n    viewerCanCapture\n    viewerCanRefund\n    viewerCanCancel\n    ...TransactionLabels\n    ...TransactionHistory\n  }\n": typeof types.TransactionDetailFragmentDoc,
    "\n  query Transaction($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Transaction {\n        ...TransactionDetail\n      }\n    }\n  }\n": typeof types.TransactionDocument,
    "\n  mutation AddLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    addLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n": typeof types.AddLabelsDocument,
    "\n  mutation RemoveLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    removeLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n": typeof types.RemoveLabelsDocument,
    "\n  fragment LiveTransaction on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    refundableAmount\n    paymentMethod\n    orderReference\n    payer {\n      id\n      reference\n      email\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n    viewerCanRefund\n    viewerCanCancel\n  }\n": typeof types.LiveTransactionFragmentDoc,
    "\n  fragment LabelEventFields on LabelEvent {\n    id\n    cursor\n    kind\n    at\n    label {\n      id\n      name\n      color\n    }\n    actor {\n      name\n      clientId\n    }\n    transaction {\n      ...LiveTransaction\n    }\n  }\n": typeof types.LabelEventFieldsFragmentDoc,
    "\n  subscription LabelChanged($where: LabelChangeFilter, $after: Cursor) {\n    labelChanged(where: $where, after: $after) {\n      ...LabelEventFields\n    }\n  }\n": typeof types.LabelChangedDocument,
    "\n  query NewestLabelEvent {\n    labelEvents(last: 1, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n      }\n    }\n  }\n": typeof types.NewestLabelEventDocument,
    "\n  query Viewer {\n    viewer {\n      name\n      role\n      permissions\n      merchant {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n": typeof types.ViewerDocument,
};
const documents: Documents = {
    "\n  query MerchantLabels {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      edges {\n        node {\n          id\n          name\n          color\n          description\n        }\n      }\n    }\n  }\n": types.MerchantLabelsDocument,
    "\n  fragment MoneyOperationResult on MoneyOperationPayload {\n    replayed\n    operation {\n      id\n      kind\n      amount\n      currency\n      result\n      failureMessage\n    }\n    # Screens that show the transaction refetch it: the cache knows its\n    # type changed. What the dialog's caller may want at once is here.\n    transaction {\n      id\n      status\n      capturedAmount\n      refundedAmount\n      refundableAmount\n      viewerCanCapture\n      viewerCanRefund\n      viewerCanCancel\n    }\n  }\n": types.MoneyOperationResultFragmentDoc,
    "\n  mutation CaptureTransaction($id: ID!, $amount: MinorUnits, $idempotencyKey: String) {\n    captureTransaction(id: $id, amount: $amount, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n": types.CaptureTransactionDocument,
    "\n  mutation RefundTransaction($id: ID!, $amount: MinorUnits, $reason: String, $idempotencyKey: String) {\n    refundTransaction(id: $id, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n": types.RefundTransactionDocument,
    "\n  mutation CancelTransaction($id: ID!, $reason: String, $idempotencyKey: String) {\n    cancelTransaction(id: $id, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n": types.CancelTransactionDocument,
    "\n  fragment TransactionRow on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    paymentMethod\n    cardLast4\n    orderReference\n    payer {\n      id\n      reference\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n": types.TransactionRowFragmentDoc,
    "\n  query Access {\n    sessions(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          createdAt\n          lastSeenAt\n          expiresAt\n          userAgent\n        }\n      }\n    }\n    partnerClients(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {\n      edges {\n        node {\n          id\n          clientID\n          name\n          disabled\n          lastSeenAt\n        }\n      }\n    }\n  }\n": types.AccessDocument,
    "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      endedAt\n    }\n  }\n": types.RevokeSessionDocument,
    "\n  mutation SetPartnerClientDisabled($id: ID!, $disabled: Boolean!) {\n    setPartnerClientDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n": types.SetPartnerClientDisabledDocument,
    "\n  query Feed($last: Int!) {\n    labelEvents(last: $last, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n        node {\n          ...LabelEventFields\n        }\n      }\n    }\n  }\n": types.FeedDocument,
    "\n  query DashboardStats($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [PAYMENT_METHOD, CURRENCY, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        paymentMethod\n        currency\n        failureCode\n        count\n        volume {\n          amount\n          currency\n        }\n      }\n    }\n  }\n": types.DashboardStatsDocument,
    "\n  query LabelDays($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [DAY]) {\n      totalCount\n      buckets {\n        day\n        count\n      }\n    }\n  }\n": types.LabelDaysDocument,
    "\n  query Journal(\n    $first: Int\n    $after: Cursor\n    $last: Int\n    $before: Cursor\n    $where: TransactionWhereInput\n    $search: String\n    $withTotal: Boolean!\n  ) {\n    transactions(first: $first, after: $after, last: $last, before: $before, where: $where, search: $search) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n": types.JournalDocument,
    "\n  query JournalStats($where: TransactionWhereInput, $search: String) {\n    transactionStats(where: $where, search: $search, groupBy: [CURRENCY, PAYMENT_METHOD, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        currency\n        paymentMethod\n        failureCode\n        count\n      }\n    }\n  }\n": types.JournalStatsDocument,
    "\n  fragment LabelFields on Label {\n    id\n    name\n    color\n    description\n    createdAt\n  }\n": types.LabelFieldsFragmentDoc,
    "\n  query LabelsSettings {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          ...LabelFields\n        }\n      }\n    }\n  }\n": types.LabelsSettingsDocument,
    "\n  mutation CreateLabel($input: CreateLabelInput!) {\n    createLabel(input: $input) {\n      ...LabelFields\n    }\n  }\n": types.CreateLabelDocument,
    "\n  mutation UpdateLabel($id: ID!, $input: UpdateLabelInput!) {\n    updateLabel(id: $id, input: $input) {\n      ...LabelFields\n    }\n  }\n": types.UpdateLabelDocument,
    "\n  mutation DeleteLabel($id: ID!) {\n    deleteLabel(id: $id)\n  }\n": types.DeleteLabelDocument,
    "\n  query Payers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: PayerWhereInput, $withTotal: Boolean!) {\n    payers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      where: $where\n      orderBy: { field: REFERENCE, direction: ASC }\n    ) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          id\n          reference\n          name\n          email\n          createdAt\n        }\n      }\n    }\n  }\n": types.PayersDocument,
    "\n  query Payer($reference: String!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $withTotal: Boolean!) {\n    payer(reference: $reference) {\n      id\n      reference\n      name\n      email\n      createdAt\n      transactions(\n        first: $first\n        after: $after\n        last: $last\n        before: $before\n        orderBy: { field: CREATED_AT, direction: DESC }\n      ) {\n        totalCount @include(if: $withTotal)\n        edges {\n          cursor\n          node {\n            ...TransactionRow\n          }\n        }\n      }\n    }\n  }\n": types.PayerDocument,
    "\n  query Queue($labelId: ID!, $first: Int!) {\n    transactions(\n      first: $first\n      where: { hasLabelsAnyOf: [$labelId] }\n      orderBy: { field: CREATED_AT, direction: DESC }\n    ) {\n      totalCount\n      edges {\n        node {\n          ...LiveTransaction\n        }\n      }\n    }\n  }\n": types.QueueDocument,
    "\n  mutation Dequeue($transactionId: ID!, $labelId: ID!) {\n    removeLabels(transactionIds: [$transactionId], labelIds: [$labelId]) {\n      id\n      labels {\n        id\n        name\n        color\n        description\n      }\n    }\n  }\n": types.DequeueDocument,
    "\n  fragment TransactionLabels on Transaction {\n    id\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n": types.TransactionLabelsFragmentDoc,
    "\n  fragment TransactionHistory on Transaction {\n    id\n    operations {\n      id\n      kind\n      amount\n      currency\n      result\n      reason\n      failureMessage\n      actorName\n      clientID\n      createdAt\n      processorReference\n    }\n    # One more than shown, to know whether older ones exist.\n    auditEvents(first: 51, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          action\n          actorName\n          clientID\n          target\n          before\n          after\n          createdAt\n        }\n      }\n    }\n  }\n": types.TransactionHistoryFragmentDoc,
    "\n  fragment TransactionDetail on Transaction {\n    id\n    createdAt\n    updatedAt\n    mode\n    status\n    amount\n    currency\n    capturedAmount\n    refundedAmount\n    paymentMethod\n    channel\n    eci\n    cardLast4\n    orderReference\n    description\n    reconciliation\n    processorReference\n    failureCode\n    failureReason\n    authorizedAt\n    capturedAt\n    shop {\n      id\n      name\n    }\n    payer {\n      id\n      reference\n      name\n      email\n    }\n    refundableAmount\n    viewerCanCapture\n    viewerCanRefund\n    viewerCanCancel\n    ...TransactionLabels\n    ...TransactionHistory\n  }\n": types.TransactionDetailFragmentDoc,
    "\n  query Transaction($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Transaction {\n        ...TransactionDetail\n      }\n    }\n  }\n": types.TransactionDocument,
    "\n  mutation AddLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    addLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n": types.AddLabelsDocument,
    "\n  mutation RemoveLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    removeLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n": types.RemoveLabelsDocument,
    "\n  fragment LiveTransaction on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    refundableAmount\n    paymentMethod\n    orderReference\n    payer {\n      id\n      reference\n      email\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n    viewerCanRefund\n    viewerCanCancel\n  }\n": types.LiveTransactionFragmentDoc,
    "\n  fragment LabelEventFields on LabelEvent {\n    id\n    cursor\n    kind\n    at\n    label {\n      id\n      name\n      color\n    }\n    actor {\n      name\n      clientId\n    }\n    transaction {\n      ...LiveTransaction\n    }\n  }\n": types.LabelEventFieldsFragmentDoc,
    "\n  subscription LabelChanged($where: LabelChangeFilter, $after: Cursor) {\n    labelChanged(where: $where, after: $after) {\n      ...LabelEventFields\n    }\n  }\n": types.LabelChangedDocument,
    "\n  query NewestLabelEvent {\n    labelEvents(last: 1, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n      }\n    }\n  }\n": types.NewestLabelEventDocument,
    "\n  query Viewer {\n    viewer {\n      name\n      role\n      permissions\n      merchant {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n": types.ViewerDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MerchantLabels {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      edges {\n        node {\n          id\n          name\n          color\n          description\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MerchantLabels {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      edges {\n        node {\n          id\n          name\n          color\n          description\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment MoneyOperationResult on MoneyOperationPayload {\n    replayed\n    operation {\n      id\n      kind\n      amount\n      currency\n      result\n      failureMessage\n    }\n    # Screens that show the transaction refetch it: the cache knows its\n    # type changed. What the dialog's caller may want at once is here.\n    transaction {\n      id\n      status\n      capturedAmount\n      refundedAmount\n      refundableAmount\n      viewerCanCapture\n      viewerCanRefund\n      viewerCanCancel\n    }\n  }\n"): (typeof documents)["\n  fragment MoneyOperationResult on MoneyOperationPayload {\n    replayed\n    operation {\n      id\n      kind\n      amount\n      currency\n      result\n      failureMessage\n    }\n    # Screens that show the transaction refetch it: the cache knows its\n    # type changed. What the dialog's caller may want at once is here.\n    transaction {\n      id\n      status\n      capturedAmount\n      refundedAmount\n      refundableAmount\n      viewerCanCapture\n      viewerCanRefund\n      viewerCanCancel\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CaptureTransaction($id: ID!, $amount: MinorUnits, $idempotencyKey: String) {\n    captureTransaction(id: $id, amount: $amount, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n"): (typeof documents)["\n  mutation CaptureTransaction($id: ID!, $amount: MinorUnits, $idempotencyKey: String) {\n    captureTransaction(id: $id, amount: $amount, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefundTransaction($id: ID!, $amount: MinorUnits, $reason: String, $idempotencyKey: String) {\n    refundTransaction(id: $id, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n"): (typeof documents)["\n  mutation RefundTransaction($id: ID!, $amount: MinorUnits, $reason: String, $idempotencyKey: String) {\n    refundTransaction(id: $id, amount: $amount, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelTransaction($id: ID!, $reason: String, $idempotencyKey: String) {\n    cancelTransaction(id: $id, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n"): (typeof documents)["\n  mutation CancelTransaction($id: ID!, $reason: String, $idempotencyKey: String) {\n    cancelTransaction(id: $id, reason: $reason, idempotencyKey: $idempotencyKey) {\n      ...MoneyOperationResult\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransactionRow on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    paymentMethod\n    cardLast4\n    orderReference\n    payer {\n      id\n      reference\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n"): (typeof documents)["\n  fragment TransactionRow on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    paymentMethod\n    cardLast4\n    orderReference\n    payer {\n      id\n      reference\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Access {\n    sessions(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          createdAt\n          lastSeenAt\n          expiresAt\n          userAgent\n        }\n      }\n    }\n    partnerClients(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {\n      edges {\n        node {\n          id\n          clientID\n          name\n          disabled\n          lastSeenAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Access {\n    sessions(first: 100, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          name\n          email\n          role\n          createdAt\n          lastSeenAt\n          expiresAt\n          userAgent\n        }\n      }\n    }\n    partnerClients(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {\n      edges {\n        node {\n          id\n          clientID\n          name\n          disabled\n          lastSeenAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      endedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeSession($id: ID!) {\n    revokeSession(id: $id) {\n      id\n      endedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPartnerClientDisabled($id: ID!, $disabled: Boolean!) {\n    setPartnerClientDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n"): (typeof documents)["\n  mutation SetPartnerClientDisabled($id: ID!, $disabled: Boolean!) {\n    setPartnerClientDisabled(id: $id, disabled: $disabled) {\n      id\n      disabled\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Feed($last: Int!) {\n    labelEvents(last: $last, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n        node {\n          ...LabelEventFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Feed($last: Int!) {\n    labelEvents(last: $last, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n        node {\n          ...LabelEventFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query DashboardStats($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [PAYMENT_METHOD, CURRENCY, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        paymentMethod\n        currency\n        failureCode\n        count\n        volume {\n          amount\n          currency\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query DashboardStats($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [PAYMENT_METHOD, CURRENCY, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        paymentMethod\n        currency\n        failureCode\n        count\n        volume {\n          amount\n          currency\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LabelDays($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [DAY]) {\n      totalCount\n      buckets {\n        day\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query LabelDays($where: TransactionWhereInput) {\n    transactionStats(where: $where, groupBy: [DAY]) {\n      totalCount\n      buckets {\n        day\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Journal(\n    $first: Int\n    $after: Cursor\n    $last: Int\n    $before: Cursor\n    $where: TransactionWhereInput\n    $search: String\n    $withTotal: Boolean!\n  ) {\n    transactions(first: $first, after: $after, last: $last, before: $before, where: $where, search: $search) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Journal(\n    $first: Int\n    $after: Cursor\n    $last: Int\n    $before: Cursor\n    $where: TransactionWhereInput\n    $search: String\n    $withTotal: Boolean!\n  ) {\n    transactions(first: $first, after: $after, last: $last, before: $before, where: $where, search: $search) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          ...TransactionRow\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JournalStats($where: TransactionWhereInput, $search: String) {\n    transactionStats(where: $where, search: $search, groupBy: [CURRENCY, PAYMENT_METHOD, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        currency\n        paymentMethod\n        failureCode\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query JournalStats($where: TransactionWhereInput, $search: String) {\n    transactionStats(where: $where, search: $search, groupBy: [CURRENCY, PAYMENT_METHOD, FAILURE_CODE]) {\n      totalCount\n      volume {\n        amount\n        currency\n      }\n      buckets {\n        currency\n        paymentMethod\n        failureCode\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LabelFields on Label {\n    id\n    name\n    color\n    description\n    createdAt\n  }\n"): (typeof documents)["\n  fragment LabelFields on Label {\n    id\n    name\n    color\n    description\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LabelsSettings {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          ...LabelFields\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query LabelsSettings {\n    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {\n      totalCount\n      edges {\n        node {\n          ...LabelFields\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateLabel($input: CreateLabelInput!) {\n    createLabel(input: $input) {\n      ...LabelFields\n    }\n  }\n"): (typeof documents)["\n  mutation CreateLabel($input: CreateLabelInput!) {\n    createLabel(input: $input) {\n      ...LabelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateLabel($id: ID!, $input: UpdateLabelInput!) {\n    updateLabel(id: $id, input: $input) {\n      ...LabelFields\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateLabel($id: ID!, $input: UpdateLabelInput!) {\n    updateLabel(id: $id, input: $input) {\n      ...LabelFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeleteLabel($id: ID!) {\n    deleteLabel(id: $id)\n  }\n"): (typeof documents)["\n  mutation DeleteLabel($id: ID!) {\n    deleteLabel(id: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: PayerWhereInput, $withTotal: Boolean!) {\n    payers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      where: $where\n      orderBy: { field: REFERENCE, direction: ASC }\n    ) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          id\n          reference\n          name\n          email\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Payers($first: Int, $after: Cursor, $last: Int, $before: Cursor, $where: PayerWhereInput, $withTotal: Boolean!) {\n    payers(\n      first: $first\n      after: $after\n      last: $last\n      before: $before\n      where: $where\n      orderBy: { field: REFERENCE, direction: ASC }\n    ) {\n      totalCount @include(if: $withTotal)\n      edges {\n        cursor\n        node {\n          id\n          reference\n          name\n          email\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Payer($reference: String!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $withTotal: Boolean!) {\n    payer(reference: $reference) {\n      id\n      reference\n      name\n      email\n      createdAt\n      transactions(\n        first: $first\n        after: $after\n        last: $last\n        before: $before\n        orderBy: { field: CREATED_AT, direction: DESC }\n      ) {\n        totalCount @include(if: $withTotal)\n        edges {\n          cursor\n          node {\n            ...TransactionRow\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Payer($reference: String!, $first: Int, $after: Cursor, $last: Int, $before: Cursor, $withTotal: Boolean!) {\n    payer(reference: $reference) {\n      id\n      reference\n      name\n      email\n      createdAt\n      transactions(\n        first: $first\n        after: $after\n        last: $last\n        before: $before\n        orderBy: { field: CREATED_AT, direction: DESC }\n      ) {\n        totalCount @include(if: $withTotal)\n        edges {\n          cursor\n          node {\n            ...TransactionRow\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Queue($labelId: ID!, $first: Int!) {\n    transactions(\n      first: $first\n      where: { hasLabelsAnyOf: [$labelId] }\n      orderBy: { field: CREATED_AT, direction: DESC }\n    ) {\n      totalCount\n      edges {\n        node {\n          ...LiveTransaction\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Queue($labelId: ID!, $first: Int!) {\n    transactions(\n      first: $first\n      where: { hasLabelsAnyOf: [$labelId] }\n      orderBy: { field: CREATED_AT, direction: DESC }\n    ) {\n      totalCount\n      edges {\n        node {\n          ...LiveTransaction\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Dequeue($transactionId: ID!, $labelId: ID!) {\n    removeLabels(transactionIds: [$transactionId], labelIds: [$labelId]) {\n      id\n      labels {\n        id\n        name\n        color\n        description\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation Dequeue($transactionId: ID!, $labelId: ID!) {\n    removeLabels(transactionIds: [$transactionId], labelIds: [$labelId]) {\n      id\n      labels {\n        id\n        name\n        color\n        description\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransactionLabels on Transaction {\n    id\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n"): (typeof documents)["\n  fragment TransactionLabels on Transaction {\n    id\n    labels {\n      id\n      name\n      color\n      description\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransactionHistory on Transaction {\n    id\n    operations {\n      id\n      kind\n      amount\n      currency\n      result\n      reason\n      failureMessage\n      actorName\n      clientID\n      createdAt\n      processorReference\n    }\n    # One more than shown, to know whether older ones exist.\n    auditEvents(first: 51, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          action\n          actorName\n          clientID\n          target\n          before\n          after\n          createdAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  fragment TransactionHistory on Transaction {\n    id\n    operations {\n      id\n      kind\n      amount\n      currency\n      result\n      reason\n      failureMessage\n      actorName\n      clientID\n      createdAt\n      processorReference\n    }\n    # One more than shown, to know whether older ones exist.\n    auditEvents(first: 51, orderBy: { field: CREATED_AT, direction: DESC }) {\n      edges {\n        node {\n          id\n          action\n          actorName\n          clientID\n          target\n          before\n          after\n          createdAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TransactionDetail on Transaction {\n    id\n    createdAt\n    updatedAt\n    mode\n    status\n    amount\n    currency\n    capturedAmount\n    refundedAmount\n    paymentMethod\n    channel\n    eci\n    cardLast4\n    orderReference\n    description\n    reconciliation\n    processorReference\n    failureCode\n    failureReason\n    authorizedAt\n    capturedAt\n    shop {\n      id\n      name\n    }\n    payer {\n      id\n      reference\n      name\n      email\n    }\n    refundableAmount\n    viewerCanCapture\n    viewerCanRefund\n    viewerCanCancel\n    ...TransactionLabels\n    ...TransactionHistory\n  }\n"): (typeof documents)["\n  fragment TransactionDetail on Transaction {\n    id\n    createdAt\n    updatedAt\n    mode\n    status\n    amount\n    currency\n    capturedAmount\n    refundedAmount\n    paymentMethod\n    channel\n    eci\n    cardLast4\n    orderReference\n    description\n    reconciliation\n    processorReference\n    failureCode\n    failureReason\n    authorizedAt\n    capturedAt\n    shop {\n      id\n      name\n    }\n    payer {\n      id\n      reference\n      name\n      email\n    }\n    refundableAmount\n    viewerCanCapture\n    viewerCanRefund\n    viewerCanCancel\n    ...TransactionLabels\n    ...TransactionHistory\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Transaction($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Transaction {\n        ...TransactionDetail\n      }\n    }\n  }\n"): (typeof documents)["\n  query Transaction($id: ID!) {\n    node(id: $id) {\n      __typename\n      ... on Transaction {\n        ...TransactionDetail\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    addLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n"): (typeof documents)["\n  mutation AddLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    addLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    removeLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n"): (typeof documents)["\n  mutation RemoveLabels($transactionIds: [ID!]!, $labelIds: [ID!]!) {\n    removeLabels(transactionIds: $transactionIds, labelIds: $labelIds) {\n      ...TransactionLabels\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LiveTransaction on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    refundableAmount\n    paymentMethod\n    orderReference\n    payer {\n      id\n      reference\n      email\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n    viewerCanRefund\n    viewerCanCancel\n  }\n"): (typeof documents)["\n  fragment LiveTransaction on Transaction {\n    id\n    createdAt\n    mode\n    status\n    amount\n    currency\n    refundableAmount\n    paymentMethod\n    orderReference\n    payer {\n      id\n      reference\n      email\n    }\n    labels {\n      id\n      name\n      color\n      description\n    }\n    viewerCanRefund\n    viewerCanCancel\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment LabelEventFields on LabelEvent {\n    id\n    cursor\n    kind\n    at\n    label {\n      id\n      name\n      color\n    }\n    actor {\n      name\n      clientId\n    }\n    transaction {\n      ...LiveTransaction\n    }\n  }\n"): (typeof documents)["\n  fragment LabelEventFields on LabelEvent {\n    id\n    cursor\n    kind\n    at\n    label {\n      id\n      name\n      color\n    }\n    actor {\n      name\n      clientId\n    }\n    transaction {\n      ...LiveTransaction\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LabelChanged($where: LabelChangeFilter, $after: Cursor) {\n    labelChanged(where: $where, after: $after) {\n      ...LabelEventFields\n    }\n  }\n"): (typeof documents)["\n  subscription LabelChanged($where: LabelChangeFilter, $after: Cursor) {\n    labelChanged(where: $where, after: $after) {\n      ...LabelEventFields\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewestLabelEvent {\n    labelEvents(last: 1, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewestLabelEvent {\n    labelEvents(last: 1, orderBy: { field: SEQ, direction: ASC }) {\n      edges {\n        cursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Viewer {\n    viewer {\n      name\n      role\n      permissions\n      merchant {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n"): (typeof documents)["\n  query Viewer {\n    viewer {\n      name\n      role\n      permissions\n      merchant {\n        id\n        name\n        timeZone\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;