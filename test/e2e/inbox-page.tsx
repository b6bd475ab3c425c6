/**
 * The page of the inbox browser test: the example's App (examples/react-inbox) with a client for
 * the Strapi and token given in the query string, reconnecting quickly so a restart is short.
 */
import { createRoot } from 'react-dom/client';
import { createNotifsClient } from 'strapi-plugin-notifs/client';
import { NotifsProvider } from 'strapi-plugin-notifs/react';
import { App } from '../../examples/react-inbox/src/App';

const query = new URLSearchParams(window.location.search);
const client = createNotifsClient({
  url: query.get('strapi') as string,
  token: query.get('token'),
  reconnect: { minMs: 200, maxMs: 1_000 },
});

createRoot(document.getElementById('root') as HTMLElement).render(
  <NotifsProvider client={client}>
    <App />
  </NotifsProvider>
);
