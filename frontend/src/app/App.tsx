import { useState } from "react";
import { RouterProvider } from "react-router";
import { DesignProvider, GraphQLProvider } from "./provider";
import { createRouter } from "./router";

export function App() {
  const [router] = useState(createRouter);
  return (
    <DesignProvider>
      <GraphQLProvider>
        {/* Without transitions the URL and the screen change together: a
            click during a slow render cannot act on the previous view. */}
        <RouterProvider router={router} useTransitions={false} />
      </GraphQLProvider>
    </DesignProvider>
  );
}
