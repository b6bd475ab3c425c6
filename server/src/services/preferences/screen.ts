import type { PlannedDelivery } from '../../domain/types';
import { offReason } from '../../domain/preferences';
import type { BaseNotificationProvider } from '../../providers/base-provider';
import type { PreferenceRepository } from '../../repositories/preferences';
import type { PreferenceSettings } from './settings';

export interface ScreenDeps {
  repository: PreferenceRepository;
  settings: PreferenceSettings;
  providers: { get(name: string): BaseNotificationProvider };
}

/**
 * The outbox's preference check, run once per submission on everything it planned: a delivery the
 * recipient (or config defaults) switched off gets `skipReason` (it is recorded `skipped`, never
 * sent), and one that goes through a provider with `withUnsubscribeLink` gets a one-click
 * unsubscribe link for its category × channel. One query for all recipients of the submission (per
 * 500), and none when no delivery has both a recipient and a category that can be switched off.
 */
export const createPreferenceScreen =
  ({ repository, settings, providers }: ScreenDeps) =>
  async (planned: PlannedDelivery[]): Promise<PlannedDelivery[]> => {
    const rules = settings.rules();
    const governed = (delivery: PlannedDelivery): delivery is PlannedDelivery & { audience: { recipient: number; category: string } } =>
      delivery.audience !== undefined && delivery.audience.category !== null && !rules.required.includes(delivery.audience.category);
    const recipients = [...new Set(planned.filter(governed).map((delivery) => delivery.audience.recipient))];
    if (!recipients.length) return planned;
    const own = await repository.findMany(recipients);
    const link = settings.linkMaker();
    return planned.map((delivery) => {
      if (!governed(delivery)) return delivery;
      const { recipient, category } = delivery.audience;
      const reason = offReason(own.get(recipient), rules, category, delivery.channel);
      if (reason) return { ...delivery, skipReason: reason };
      const provider = providers.get(delivery.provider);
      if (!provider.withUnsubscribeLink) return delivery;
      const url = link({ recipient, category, channel: delivery.channel });
      return url ? { ...delivery, payload: provider.withUnsubscribeLink(delivery.payload, url) } : delivery;
    });
  };

export type PreferenceScreen = ReturnType<typeof createPreferenceScreen>;
