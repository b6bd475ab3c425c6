/**
 * Database lifecycles of `plugin::notifs.trigger`: every write that changes a definition (through
 * the Document Service or `strapi.db.query`) is checked against the app before it is stored, so a
 * trigger that cannot fire (unknown uid, template naming a missing attribute…) is never saved.
 */
import { currentStrapi } from '../../utils/current-strapi';
import { TRIGGER_UID } from '../../utils/uids';
import { definitionSchema } from '../../triggers/definition-schema';
import { validateDefinition } from '../../triggers/validate-definition';

type Data = Record<string, unknown>;
export interface LifecycleEvent {
  params: { data?: Data | Data[]; where?: Record<string, unknown> };
}

const DEFINITION_KEYS = Object.keys(definitionSchema.shape);

/** Bookkeeping writes (failure counts, timestamps) need no check. */
const changesDefinition = (data: Data | undefined): boolean => !!data && DEFINITION_KEYS.some((key) => key in data);

const withDefaults = (data: Data): Data => ({ enabled: true, ...data });

/** Rows the update will change, merged with the new data: what they will be once written. */
const mergedRows = async (where: Record<string, unknown> | undefined, data: Data, many: boolean): Promise<Data[]> => {
  const query = currentStrapi().db.query(TRIGGER_UID);
  const rows = (many ? await query.findMany({ where }) : [await query.findOne({ where })].filter(Boolean)) as Data[];
  return rows.map((row) => ({ ...row, ...data }));
};

export default {
  async beforeCreate(event: LifecycleEvent) {
    const data = event.params.data as Data;
    await validateDefinition(currentStrapi(), withDefaults(data));
  },
  async beforeCreateMany(event: LifecycleEvent) {
    for (const data of (event.params.data as Data[]) ?? []) await validateDefinition(currentStrapi(), withDefaults(data));
  },
  async beforeUpdate(event: LifecycleEvent) {
    const data = event.params.data as Data;
    if (!changesDefinition(data)) return;
    for (const row of await mergedRows(event.params.where, data, false)) await validateDefinition(currentStrapi(), row);
  },
  async beforeUpdateMany(event: LifecycleEvent) {
    const data = event.params.data as Data;
    if (!changesDefinition(data)) return;
    for (const row of await mergedRows(event.params.where, data, true)) await validateDefinition(currentStrapi(), row);
  },
};
