import { PLUGIN_ID } from './pluginId';
import { PluginIcon } from './components/PluginIcon';
import { getTranslation } from './utils';

/** The admin app's plugin API, as much of it as this entry uses. */
interface AdminApp {
  addMenuLink(link: {
    to: string;
    icon: () => unknown;
    intlLabel: { id: string; defaultMessage: string };
    Component: () => Promise<{ default: () => unknown }>;
    permissions: { action: string; subject: string | null }[];
  }): void;
  registerPlugin(plugin: { id: string; name: string }): void;
}

export default {
  register(app: AdminApp) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PluginIcon,
      intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Notifications' },
      Component: () => import('./pages/App'),
      permissions: [],
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
