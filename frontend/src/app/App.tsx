import { useState } from "react";
import { RouterProvider } from "react-router";
import { DesignProvider, GraphQLProvider } from "./provider";
import { createRouter } from "./router";

export function App() {
  const [router] = useState(createRouter);
  return (
    <DesignProvider>
      <GraphQLProvider>
        <RouterProvider router={router} />
      </GraphQLProvider>
    </DesignProvider>
  );
}
