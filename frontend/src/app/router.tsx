import { lazy, Suspense } from "react";
import { createBrowserRouter, Navigate, useLocation } from "react-router";
import { Shell } from "./Shell";

// Each screen is its own chunk, loaded when first visited.
const JournalPage = lazy(() => import("@/features/journal/components/JournalPage"));
const TransactionPage = lazy(() => import("@/features/transactions/components/TransactionPage"));
const PayersPage = lazy(() => import("@/features/payers/components/PayersPage"));
const PayerPage = lazy(() => import("@/features/payers/components/PayerPage"));
const LabelsPage = lazy(() => import("@/features/labels/components/LabelsPage"));
const QueuesPage = lazy(() => import("@/features/queues/components/QueuesPage"));
const DashboardPage = lazy(() => import("@/features/dashboard/components/DashboardPage"));
const AccessPage = lazy(() => import("@/features/access/components/AccessPage"));
const PaymentLinksPage = lazy(() => import("@/features/paymentLinks/components/PaymentLinksPage"));
const NewPaymentLinkPage = lazy(() => import("@/features/paymentLinks/components/NewPaymentLinkPage"));
const PaymentLinkPage = lazy(() => import("@/features/paymentLinks/components/PaymentLinkPage"));
const MotoPage = lazy(() => import("@/features/eterminal/components/MotoPage"));
const ShopsPage = lazy(() => import("@/features/shops/components/ShopsPage"));
const ShopSettingsPage = lazy(() => import("@/features/shops/components/ShopSettingsPage"));
const OutboxPage = lazy(() => import("@/features/outbox/components/OutboxPage"));
const LoginPage = lazy(() => import("@/features/auth/components/LoginPage"));
const NotFoundPage = lazy(() => import("./NotFoundPage"));

/** The journal is the home screen; a shared link's filters come along. */
function ToJournal() {
  const { search } = useLocation();
  return <Navigate replace to={{ pathname: "/journal", search }} />;
}

export const routes = [
  // Outside the frame: nobody is logged in there.
  {
    path: "login",
    element: (
      <Suspense fallback={null}>
        <LoginPage />
      </Suspense>
    ),
  },
  {
    element: <Shell />,
    children: [
      { index: true, element: <ToJournal /> },
      { path: "journal", element: <JournalPage /> },
      { path: "transactions/:id", element: <TransactionPage /> },
      { path: "payers", element: <PayersPage /> },
      { path: "payers/:reference", element: <PayerPage /> },
      { path: "labels", element: <LabelsPage /> },
      { path: "queues/:view?", element: <QueuesPage /> },
      { path: "dashboard", element: <DashboardPage /> },
      { path: "access", element: <AccessPage /> },
      { path: "payment-links", element: <PaymentLinksPage /> },
      { path: "payment-links/new", element: <NewPaymentLinkPage /> },
      { path: "payment-links/:id", element: <PaymentLinkPage /> },
      { path: "e-terminal", element: <MotoPage /> },
      { path: "shops", element: <ShopsPage /> },
      { path: "shops/:id", element: <ShopSettingsPage /> },
      { path: "outbox", element: <OutboxPage /> },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
