import { useQuery } from "urql";
import { graphql } from "@/gql";
import type { Permission } from "@/gql/graphql";

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

/**
 * Whether the caller holds a permission. Screens offer only what the
 * caller may do; the server enforces it either way.
 */
export function useCan(permission: Permission): boolean {
  return !!useViewer().viewer?.permissions.includes(permission);
}
