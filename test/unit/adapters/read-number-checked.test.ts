import { describe, expect, it } from 'vitest';
import { readNumberChecked } from '../../../shared/adapters/dynamodb/document-client.ts';

/** Numbers read from DynamoDB: exact JS numbers, or their digits for a schema to refuse, never a BigInt. */
describe('readNumberChecked', () => {
  it('reads a number a JS number holds exactly as that number', () => {
    expect(readNumberChecked('125000')).toBe(125_000);
    expect(readNumberChecked('-3')).toBe(-3);
    expect(readNumberChecked('0.25')).toBe(0.25);
    expect(readNumberChecked(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps the digits of one it would not hold exactly, or at all', () => {
    expect(readNumberChecked('9007199254740993')).toBe('9007199254740993');
    expect(readNumberChecked('123456789012345678901234567890')).toBe(
      '123456789012345678901234567890',
    );
    expect(readNumberChecked('1e400')).toBe('1e400');
  });
});
