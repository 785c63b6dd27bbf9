import { describe, expect, it } from 'vitest';
import { toFieldName } from './form-errors.ts';

describe('toFieldName', () => {
  it('splits a nested path of the API into a form field name', () => {
    expect(toFieldName('stages.use.status')).toEqual(['stages', 'use', 'status']);
  });

  it('turns list indexes into numbers', () => {
    expect(toFieldName('anyOf.1.value')).toEqual(['anyOf', 1, 'value']);
  });

  it('keeps a flat name as one segment', () => {
    expect(toFieldName('households')).toEqual(['households']);
  });
});
