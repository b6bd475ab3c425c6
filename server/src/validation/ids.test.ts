import { errors } from '@strapi/utils';
import { parseEntityRef, parseServiceRef } from './ids';

const refusal = (parse: () => unknown): string => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(errors.ValidationError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseEntityRef', () => {
  test('digits within the int column, numbers and documentIds are accepted', () => {
    expect(parseEntityRef('12', 'id')).toEqual({ id: 12 });
    expect(parseEntityRef(2147483647, 'id')).toEqual({ id: 2147483647 });
    expect(parseEntityRef('k3n9x0q2w8e7r6t5y4u3i2o1', 'id')).toEqual({ documentId: 'k3n9x0q2w8e7r6t5y4u3i2o1' });
  });

  test.each([
    ['2147483648', /must be from 1 to 2147483647/],
    ['0', /must be from 1 to 2147483647/],
    ['0x10', /numeric id \(digits only\) or a documentId/],
    ['1e1', /numeric id \(digits only\) or a documentId/],
    ['-1', /numeric id/],
    ['1.5', /numeric id/],
    ['', /is missing/],
    ['a'.repeat(300), /too long.*\.\.\./],
    ['x\u0000y', /NUL/],
    [1.5, /whole number from 1/],
    [BigInt(1), /not a bigint/],
    [{ id: 1 }, /not an object/],
  ])('%j is refused', (raw, message) => {
    expect(refusal(() => parseEntityRef(raw, 'notification id'))).toMatch(message);
  });
});

test('parseServiceRef: a service takes a number or a documentId, never digits in a string', () => {
  expect(parseServiceRef(7, 'x', 'notifyId')).toEqual({ id: 7 });
  expect(refusal(() => parseServiceRef('7', 'x', 'notifyId'))).toMatch(/"notifyId" must be a number, or a documentId string/);
});
