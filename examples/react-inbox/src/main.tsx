import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createNotifsClient } from 'strapi-plugin-notifs/client';
import { NotifsProvider } from 'strapi-plugin-notifs/react';
import { App } from './App';

// `npm run strapi` writes the demo user's JWT to .env.local; a real app has its own login.
const token = import.meta.env.VITE_NOTIFS_TOKEN as string | undefined;
// The page's own origin: Vite proxies /api to Strapi (see vite.config.js).
const client = createNotifsClient({ url: window.location.origin, token });

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    {token ? (
      <NotifsProvider client={client}>
        <App />
      </NotifsProvider>
    ) : (
      <p style={{ padding: 24 }}>No token: start the test app first with <code>npm run strapi</code>, then restart <code>npm run dev</code>.</p>
    )}
  </StrictMode>
);
