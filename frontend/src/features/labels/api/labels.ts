import { graphql } from "@/gql";

export const LabelFieldsFragment = graphql(`
  fragment LabelFields on Label {
    id
    name
    color
    description
    createdAt
  }
`);

export const LabelsSettingsQuery = graphql(`
  query LabelsSettings {
    labels(first: 100, orderBy: { field: NAME, direction: ASC }) {
      totalCount
      edges {
        node {
          ...LabelFields
        }
      }
    }
  }
`);

export const CreateLabelMutation = graphql(`
  mutation CreateLabel($input: CreateLabelInput!) {
    createLabel(input: $input) {
      ...LabelFields
    }
  }
`);

export const UpdateLabelMutation = graphql(`
  mutation UpdateLabel($id: ID!, $input: UpdateLabelInput!) {
    updateLabel(id: $id, input: $input) {
      ...LabelFields
    }
  }
`);

export const DeleteLabelMutation = graphql(`
  mutation DeleteLabel($id: ID!) {
    deleteLabel(id: $id)
  }
`);
