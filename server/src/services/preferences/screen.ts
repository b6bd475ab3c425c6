import type { PlannedDelivery } from '../../domain/types';
import { offReason } from '../../domain/preferences';
import { dueAt } from '../../domain/fallback';
import { quietHoursEnd } from '../../domain/quiet-hours';
import type { BaseNotificationProvider } from '../../providers/base-provider';
import { isInApp, type ChannelClass } from '../../channels/base-channel';
import type { PreferenceRepository } from '../../repositories/preferences';
import type { PreferenceSettings } from './settings';

export interface ScreenDeps {
  repository: PreferenceRepository;
  settings: PreferenceSettings;
  providers: { get(name: string): BaseNotificationProvider };
  channels: { get(name: string): ChannelClass };
}

/** Whether a channel shows notifications in the app (a class sent by `channel.notify()` need not be registered: it is not). */
const inAppChecker = (channels: ScreenDeps['channels']) => (name: string) => {
  try {
    return isInApp(channels.get(name));
  } catch {
    return false;
  }
};

type Addressed = PlannedDelivery & { audience: { recipient: number; category: string | null } };

/**
 * The outbox's preference check, run once per submission on everything it planned: a delivery the
 * recipient (or config defaults) switched off gets `skipReason` (it is recorded `skipped`, never
 * sent); one due inside the recipient's quiet hours, on a channel that is not in-app, gets
 * `notBefore` (the end of the quiet hours: it waits until then); one that goes through a provider with
 * `withUnsubscribeLink` gets a one-click unsubscribe link for its category × channel. Required
 * categories are never switched off nor deferred. One query for all recipients of the submission
 * (per 500), and none when no delivery has a recipient that preferences can act on.
 */
export const createPreferenceScreen =
  ({ repository, settings, providers, channels }: ScreenDeps) =>
  async (planned: PlannedDelivery[], { runAt }: { runAt: Date }): Promise<PlannedDelivery[]> => {
    const rules = settings.rules();
    const inApp = inAppChecker(channels);
    const exempt = (delivery: Addressed) => delivery.audience.category !== null && rules.required.includes(delivery.audience.category);
    const addressed = (delivery: PlannedDelivery): delivery is Addressed => delivery.audience !== undefined;
    const switchable = (delivery: Addressed) => delivery.audience.category !== null && !exempt(delivery);
    const deferrable = (delivery: Addressed) => !exempt(delivery) && !inApp(delivery.channel);
    const recipients = [
      ...new Set(
        planned.filter(addressed).flatMap((delivery) => (switchable(delivery) || deferrable(delivery) ? [delivery.audience.recipient] : []))
      ),
    ];
    if (!recipients.length) return planned;
    const own = await repository.findMany(recipients);
    const link = settings.linkMaker();
    return planned.map((delivery) => {
      if (!addressed(delivery)) return delivery;
      const { recipient, category } = delivery.audience;
      const mine = own.get(recipient);
      let screened = delivery;
      if (switchable(delivery)) {
        const reason = offReason(mine, rules, category as string, delivery.channel);
        if (reason) return { ...delivery, skipReason: reason };
        const provider = providers.get(delivery.provider);
        const url = provider.withUnsubscribeLink ? link({ recipient, category: category as string, channel: delivery.channel }) : null;
        if (url && provider.withUnsubscribeLink) screened = { ...screened, payload: provider.withUnsubscribeLink(delivery.payload, url) };
      }
      if (mine?.quietHours && deferrable(delivery)) {
        const end = quietHoursEnd(dueAt(runAt, delivery), mine.quietHours);
        if (end) screened = { ...screened, notBefore: end };
      }
      return screened;
    });
  };

export type PreferenceScreen = ReturnType<typeof createPreferenceScreen>;
