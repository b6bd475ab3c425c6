/**
 * The page of the inbox browser test: the example's App (examples/react-inbox) under a provider
 * given options (an inline getToken, as apps write it) for the Strapi and token in the query
 * string, reconnecting quickly so a restart is short.
 */
import { createRoot } from 'react-dom/client';
import { NotifsProvider } from 'strapi-plugin-notifs/react';
import { App } from '../../examples/react-inbox/src/App';

const query = new URLSearchParams(window.location.search);

createRoot(document.getElementById('root') as HTMLElement).render(
  <NotifsProvider url={query.get('strapi') as string} getToken={() => query.get('token')} reconnect={{ minMs: 200, maxMs: 1_000 }}>
    <App />
  </NotifsProvider>
);
