import { groupCommit } from '../utils/group-commit';
import type { WriteContext } from './write-context';

/**
 * Reads by id of one table, made in one turn of the event loop in the outbox's transaction, go as one
 * query: a group of submissions each screening its recipients' preferences costs one round trip, not
 * one per submission (on PostgreSQL and MySQL; SQLite reads on the held connection, with no round trip).
 * Each caller gets the rows of its own ids.
 */
export const joinedRead = <V>(
  context: WriteContext,
  table: string,
  ids: number[],
  load: (ids: number[]) => Promise<Map<number, V>>
): Promise<Map<number, V>> => {
  let join = context.joinedReads.get(table) as ((ids: number[]) => Promise<Map<number, V>>) | undefined;
  if (!join) {
    const group = groupCommit<number[], Map<number, V>>(async (batches) => {
      const found = await load([...new Set(batches.flat())]);
      return batches.map((batch) => new Map(batch.flatMap((id) => (found.has(id) ? [[id, found.get(id) as V]] : []))));
    });
    join = (batch) => group.add(batch);
    context.joinedReads.set(table, join as (ids: number[]) => Promise<Map<number, unknown>>);
  }
  return join(ids);
};
