import { useQuery } from "urql";
import { graphql } from "@/gql";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      name
      role
      permissions
      merchant {
        id
        name
        timeZone
      }
    }
  }
`);

/** The caller and its merchant; the shell loads it before any screen. */
export function useViewer() {
  const [{ data, fetching, error }] = useQuery({ query: ViewerQuery });
  return { viewer: data?.viewer, fetching, error };
}

/**
 * The merchant's time zone: every date is shown and every day range is
 * computed in it. The shell renders screens only once the viewer is known.
 */
export function useTimeZone(): string {
  return useViewer().viewer?.merchant.timeZone ?? "UTC";
}
