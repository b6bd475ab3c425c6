import { Layouts, Page } from '@strapi/strapi/admin';
import { Navigate, Route, Routes } from 'react-router-dom';
import { SideNav } from '../components/SideNav';
import { PERMISSIONS } from '../permissions';
import { NotificationsPage } from './NotificationsPage';
import { NotificationDetailPage } from './NotificationDetailPage';
import { DeliveriesPage } from './DeliveriesPage';
import { ChannelsPage } from './ChannelsPage';
import { TriggersPage } from './TriggersPage';
import { TriggerEditPage } from './TriggerEditPage';
import { ComposePage } from './ComposePage';

/** Each page behind the permission its API needs: a role without it sees Strapi's "no permissions" page. */
const guarded = (permissions: { action: string; subject: null }[], element: JSX.Element) => (
  <Page.Protect permissions={permissions}>{element}</Page.Protect>
);

/** The plugin's pages under /plugins/notifs, with the plugin's side navigation. */
const App = () => (
  <Layouts.Root sideNav={<SideNav />}>
    <Routes>
      <Route index element={<Navigate to="notifications" replace />} />
      <Route path="notifications" element={guarded(PERMISSIONS.notificationsRead, <NotificationsPage />)} />
      <Route path="notifications/:id" element={guarded(PERMISSIONS.notificationsRead, <NotificationDetailPage />)} />
      <Route path="deliveries" element={guarded(PERMISSIONS.notificationsRead, <DeliveriesPage />)} />
      <Route path="compose" element={guarded(PERMISSIONS.notificationsSend, <ComposePage />)} />
      <Route path="channels" element={guarded(PERMISSIONS.settingsRead, <ChannelsPage />)} />
      <Route path="triggers" element={guarded(PERMISSIONS.triggersRead, <TriggersPage />)} />
      <Route path="triggers/new" element={guarded(PERMISSIONS.triggersUpdate, <TriggerEditPage />)} />
      <Route path="triggers/:id" element={guarded(PERMISSIONS.triggersUpdate, <TriggerEditPage />)} />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Layouts.Root>
);

export default App;
