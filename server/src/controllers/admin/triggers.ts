import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import { getService } from '../../root/get-service';
import { TRIGGER_UID } from '../../utils/uids';
import { triggerRepository } from '../../repositories/triggers';
import { parseInput } from '../../validation/parse';
import { triggerBody, triggerEnabledBody, triggerPreviewBody } from '../../validation/admin';
import { describeRef, parseEntityRef } from '../../validation/ids';
import { validateDefinition } from '../../triggers/validate-definition';
import { loadEntries } from '../../triggers/entries';
import { toEvent } from '../../triggers/events';
import { planDataTrigger } from '../../triggers/plan';
import type { DataTrigger } from '../../domain/triggers';
import { readableContentTypes, entryChoices } from './trigger-options';
import { contentReadAccess, type UserAbility } from '../../admin/content-read-access';
import { channelDisplayNames, channelInfos, contentTypeDisplayName } from '../../admin/channel-info';

/** Admin: code and data triggers; create, edit, enable/disable data triggers; preview a definition against an entry. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const repository = triggerRepository(strapi);
  const documents = () => strapi.documents(TRIGGER_UID as Parameters<typeof strapi.documents>[0]);

  /** The data trigger `:id` names (numeric id or documentId), or a 404. */
  const dataTriggerOr404 = async (raw: unknown): Promise<DataTrigger> => {
    const ref = parseEntityRef(raw, 'trigger id');
    const found = await repository.findOne(ref);
    if (!found) throw new errors.NotFoundError(`Trigger ${describeRef(ref)} does not exist (code triggers are edited in config/plugins)`);
    return found;
  };

  const abilityOf = (ctx: Context) => (ctx.state as { userAbility?: UserAbility }).userAbility;

  return {
    /** GET /triggers: code triggers (read-only) and data triggers, with their last failure. */
    async list(ctx: Context) {
      const names = channelDisplayNames(strapi);
      const triggers = await getService(strapi, 'triggers').list();
      ctx.body = {
        data: triggers.map((trigger) => ({
          ...trigger,
          contentTypeName: contentTypeDisplayName(strapi, trigger.uid),
          channelDisplayNames: trigger.channels.map((name) => names[name] ?? name),
        })),
      };
    },

    /** GET /triggers/:id: a data trigger's whole definition, for the edit form. */
    async findOne(ctx: Context) {
      ctx.body = { data: await dataTriggerOr404(ctx.params.id) };
    },

    /** POST /triggers: checked against the app by the trigger's lifecycle before it is stored. */
    async create(ctx: Context) {
      const data = parseInput(triggerBody, ctx.request.body, 'trigger');
      const created = (await documents().create({ data: data as never })) as { id: number };
      ctx.status = 201;
      ctx.body = { data: await dataTriggerOr404(created.id) };
    },

    /** PUT /triggers/:id: changes the fields given. */
    async update(ctx: Context) {
      const found = await dataTriggerOr404(ctx.params.id);
      const data = parseInput(triggerBody, ctx.request.body, 'trigger');
      await documents().update({ documentId: found.documentId, data: data as never });
      ctx.body = { data: await dataTriggerOr404(found.id) };
    },

    /** PUT /triggers/:id/enabled: `{ enabled }`. */
    async setEnabled(ctx: Context) {
      const found = await dataTriggerOr404(ctx.params.id);
      const { enabled } = parseInput(triggerEnabledBody, ctx.request.body, 'trigger enabled flag');
      await documents().update({ documentId: found.documentId, data: { enabled } as never });
      ctx.body = { data: await dataTriggerOr404(found.id) };
    },

    /**
     * POST /triggers/preview: renders a definition (saved or not: the form's current state) against a
     * real entry. Sends nothing; says whether the condition holds and who would receive it.
     */
    async preview(ctx: Context) {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const { documentId, event: eventName, locale } = parseInput(
        triggerPreviewBody,
        { documentId: body.documentId, event: body.event, locale: body.locale },
        'trigger preview'
      );
      const definition = await validateDefinition(strapi, { enabled: true, ...parseInput(triggerBody, body.definition, 'trigger definition') });
      // Rendered only from what the admin may read of the entry in the Content Manager.
      const access = contentReadAccess(strapi, abilityOf(ctx), definition.uid);
      access.assertCanReadAny();
      const entries = await access.readable(await loadEntries(strapi, definition.uid, { documentId, ...(locale ? { locale } : {}) }));
      const type = eventName ?? definition.events[0];
      const firing = toEvent(type, { uid: definition.uid, action: type, params: { locale } }, entries);
      if (!firing) throw new errors.NotFoundError(`No entry of ${definition.uid} has documentId "${documentId}": pick an existing entry`);
      const trigger: DataTrigger = { ...definition, id: 0, documentId: '', enabled: true, failureCount: 0, lastError: null, lastErrorAt: null };
      const plan = await planDataTrigger(strapi, trigger, firing);
      ctx.body = { data: { fires: plan !== null, recipients: plan?.recipients ?? [], input: plan?.input ?? null, event: firing.event } };
    },

    /** GET /triggers/options: what the form offers: content types (with their fields) and channel names. */
    async options(ctx: Context) {
      // Every channel (a trigger may be saved before its provider is configured), with whether it can send.
      const channels = channelInfos(strapi).map(({ name, displayName, configured }) => ({ name, displayName, configured }));
      ctx.body = { data: { contentTypes: readableContentTypes(strapi, abilityOf(ctx)), channels } };
    },

    /** GET /triggers/entries?uid=: some entries of a content type, to preview against. */
    async entries(ctx: Context) {
      ctx.body = { data: await entryChoices(strapi, ctx.query.uid, abilityOf(ctx)) };
    },
  };
};
