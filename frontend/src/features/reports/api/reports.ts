import { graphql } from "@/gql";

export const ReportScheduleFieldsFragment = graphql(`
  fragment ReportScheduleFields on ReportSchedule {
    id
    name
    kind
    frequency
    format
    separator
    language
    hour
    emailRecipients
    deliverToFolder
    sendEmpty
    journalWhere
    journalSearch
    enabled
    createdBy
    nextPeriod
    nextDeliveryAt
    deliveries(first: 1, orderBy: { field: CREATED_AT, direction: DESC }) {
      edges {
        node {
          id
          period
          state
          rows
          deliveredAt
          lastError
        }
      }
    }
  }
`);

export const ReportSchedulesQuery = graphql(`
  query ReportSchedules {
    reportSchedules(first: 100, orderBy: { field: CREATED_AT, direction: ASC }) {
      edges {
        node {
          ...ReportScheduleFields
        }
      }
    }
  }
`);

export const CreateReportScheduleMutation = graphql(`
  mutation CreateReportSchedule($input: ReportScheduleInput!) {
    createReportSchedule(input: $input) {
      ...ReportScheduleFields
    }
  }
`);

export const UpdateReportScheduleMutation = graphql(`
  mutation UpdateReportSchedule($id: ID!, $input: ReportScheduleInput!) {
    updateReportSchedule(id: $id, input: $input) {
      ...ReportScheduleFields
    }
  }
`);

export const DeleteReportScheduleMutation = graphql(`
  mutation DeleteReportSchedule($id: ID!) {
    deleteReportSchedule(id: $id)
  }
`);
