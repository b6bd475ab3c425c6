import type { DeliveryRow } from '../repositories/deliveries';
import type { OutgoingDelivery, PlannedDelivery } from '../domain/types';

/**
 * Deliveries that go out in one provider call: one, or the rows of one bulk group (same provider),
 * which `sendBulk` takes together. Order is kept.
 */
export const toUnits = <T extends PlannedDelivery>(deliveries: T[]): T[][] => {
  const units: T[][] = [];
  const byGroup = new Map<string, T[]>();
  for (const delivery of deliveries) {
    if (!delivery.group) {
      units.push([delivery]);
      continue;
    }
    const key = `${delivery.provider}\u0000${delivery.group}`;
    const unit = byGroup.get(key);
    if (unit) unit.push(delivery);
    else {
      const fresh = [delivery];
      byGroup.set(key, fresh);
      units.push(fresh);
    }
  }
  return units;
};

/** A claimed row as the dispatcher sends it: its documentId is the id providers see. */
export const toOutgoing = (row: DeliveryRow): OutgoingDelivery => ({
  notificationId: row.notificationId,
  channel: row.channel,
  provider: row.provider,
  payload: row.payload,
  context: row.context,
  bulk: row.bulk,
  group: row.group,
  destination: row.destination,
  deliveryId: row.documentId,
  attempt: row.attempts,
  ...(row.digestKeyOf ? { digestOf: { id: row.id, key: row.digestKeyOf } } : {}),
});
