import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router-dom';
import type { Permission } from '../api/access';
import { AppLayout } from './AppLayout';
import { ErrorBoundary } from './ErrorBoundary';
import { FullPageSpin, HomeRedirect, NotFound, RequireAuth, RequirePermission } from './guards';

const LoginPage = lazy(() => import('../features/auth/LoginPage'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const DonorListPage = lazy(() => import('../features/donors/DonorListPage'));
const DonorDetailPage = lazy(() => import('../features/donors/DonorDetailPage'));
const DonationListPage = lazy(() => import('../features/donations/DonationListPage'));
const DonationNewPage = lazy(() => import('../features/donations/DonationNewPage'));
const DonationDetailPage = lazy(() => import('../features/donations/DonationDetailPage'));
const UnitListPage = lazy(() => import('../features/units/UnitListPage'));
const TracePage = lazy(() => import('../features/trace/TracePage'));
const OrderListPage = lazy(() => import('../features/orders/OrderListPage'));
const OrderNewPage = lazy(() => import('../features/orders/OrderNewPage'));
const OrderDetailPage = lazy(() => import('../features/orders/OrderDetailPage'));
const AuditPage = lazy(() => import('../features/audit/AuditPage'));
const HospitalWindowPage = lazy(() => import('../features/benefits/HospitalWindowPage'));
const ClaimsPage = lazy(() => import('../features/benefits/ClaimsPage'));
const LedgerPage = lazy(() => import('../features/benefits/LedgerPage'));
const RelationsPage = lazy(() => import('../features/benefits/RelationsPage'));
const HonourCardsPage = lazy(() => import('../features/honours/HonourCardsPage'));
const AwardsPage = lazy(() => import('../features/honours/AwardsPage'));
const EmergencyBoardPage = lazy(() => import('../features/supply/EmergencyBoardPage'));
const AlertsPage = lazy(() => import('../features/supply/AlertsPage'));
const ReservePage = lazy(() => import('../features/supply/ReservePage'));
const DonorAppRoot = lazy(() => import('../features/donor-app/DonorAppRoot'));
const DonorServicePage = lazy(() => import('../features/donor-service/DonorServicePage'));
const TransportBoardPage = lazy(() => import('../features/transport/TransportBoardPage'));
const ColdChainPage = lazy(() => import('../features/coldchain/ColdChainPage'));
const ReaderEventsPage = lazy(() => import('../features/readers/ReaderEventsPage'));
const RegionalPage = lazy(() => import('../features/regional/RegionalPage'));
const BloodBankPage = lazy(() => import('../features/bloodbank/BloodBankPage'));
const LabPage = lazy(() => import('../features/lab/LabPage'));
const RecallsPage = lazy(() => import('../features/recalls/RecallsPage'));

const guard = (perm: Permission | Permission[], page: ReactNode) => <RequirePermission perm={perm}>{page}</RequirePermission>;

const mobile = (
  <ErrorBoundary>
    <Suspense fallback={<FullPageSpin />}>
      <DonorAppRoot />
    </Suspense>
  </ErrorBoundary>
);

export const router = createBrowserRouter([
  { path: '/m/*', element: mobile },
  {
    path: '/login',
    element: (
      <ErrorBoundary>
        <Suspense fallback={<FullPageSpin />}>
          <LoginPage />
        </Suspense>
      </ErrorBoundary>
    ),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      { index: true, element: <HomeRedirect /> },
      { path: 'dashboard', element: guard('dashboard.view', <DashboardPage />) },
      { path: 'donors', element: guard('donor.view', <DonorListPage />) },
      { path: 'donors/:id', element: guard('donor.view', <DonorDetailPage />) },
      { path: 'donations', element: guard('donation.view', <DonationListPage />) },
      { path: 'donations/new', element: guard('donation.collect', <DonationNewPage />) },
      { path: 'donations/:din', element: guard('donation.view', <DonationDetailPage />) },
      { path: 'units', element: guard('unit.view', <UnitListPage />) },
      { path: 'trace', element: guard('trace.view', <TracePage />) },
      { path: 'trace/:din', element: guard('trace.view', <TracePage />) },
      { path: 'orders', element: guard('order.view', <OrderListPage />) },
      { path: 'orders/new', element: guard('order.create', <OrderNewPage />) },
      { path: 'orders/:id', element: guard('order.view', <OrderDetailPage />) },
      { path: 'audit', element: guard('audit.view', <AuditPage />) },
      { path: 'benefits/window', element: guard('benefits.window', <HospitalWindowPage />) },
      { path: 'benefits/claims', element: guard('benefits.review', <ClaimsPage />) },
      { path: 'benefits/relations', element: guard('benefits.review', <RelationsPage />) },
      { path: 'benefits/ledger', element: guard('benefits.ledger', <LedgerPage />) },
      { path: 'honours/cards', element: guard('honours.manage', <HonourCardsPage />) },
      { path: 'honours/awards', element: guard('awards.view', <AwardsPage />) },
      { path: 'emergencies', element: guard('emergency.view', <EmergencyBoardPage />) },
      { path: 'alerts', element: guard('alert.view', <AlertsPage />) },
      { path: 'reserve', element: guard('reserve.view', <ReservePage />) },
      { path: 'donor-service/:tab?', element: guard('donorService.view', <DonorServicePage />) },
      { path: 'transport', element: guard('transport.view', <TransportBoardPage />) },
      { path: 'coldchain', element: guard('coldchain.view', <ColdChainPage />) },
      { path: 'readers', element: guard('readers.view', <ReaderEventsPage />) },
      { path: 'regional', element: guard('regional.view', <RegionalPage />) },
      { path: 'bloodbank', element: guard('bloodbank.view', <BloodBankPage />) },
      { path: 'lab', element: guard('lab.view', <LabPage />) },
      { path: 'recalls', element: guard('recall.view', <RecallsPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
]);
