import { PLUGIN_ID } from './pluginId';
import { PluginIcon } from './components/PluginIcon';
import { MENU_PERMISSIONS, PERMISSIONS } from './permissions';
import { getTranslation } from './utils';

type Permission = { action: string; subject: null };

/** The admin app's plugin API, as much of it as this entry uses. */
interface AdminApp {
  addMenuLink(link: {
    to: string;
    icon: () => unknown;
    intlLabel: { id: string; defaultMessage: string };
    Component: () => Promise<{ default: () => unknown }>;
    permissions: Permission[];
  }): void;
  registerPlugin(plugin: { id: string; name: string }): void;
  /** Homepage widgets: Strapi 5.13 and later. */
  widgets?: {
    register(widget: {
      id: string;
      pluginId: string;
      icon?: () => unknown;
      title: { id: string; defaultMessage: string };
      link?: { label: { id: string; defaultMessage: string }; href: string };
      component: () => Promise<() => unknown>;
      permissions?: Permission[];
    }): void;
  };
}

export default {
  register(app: AdminApp) {
    // Shown to a role with any of the plugin's read actions; each page checks its own.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Notifications' },
      Component: () => import('./pages/App'),
      permissions: MENU_PERMISSIONS,
    });
    app.widgets?.register({
      id: 'delivery-health',
      pluginId: PLUGIN_ID,
      icon: PluginIcon,
      title: { id: getTranslation('widget.title'), defaultMessage: 'Deliveries, last 24 hours' },
      link: { label: { id: getTranslation('widget.link'), defaultMessage: 'Open deliveries' }, href: `/plugins/${PLUGIN_ID}/deliveries` },
      component: async () => (await import('./components/HealthWidget')).HealthWidget,
      permissions: PERMISSIONS.notificationsRead,
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as { default: Record<string, string> };
          const namespaced = Object.fromEntries(Object.entries(data).map(([key, value]) => [getTranslation(key), value]));
          return { data: namespaced, locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
