import { describe, expect, it } from 'vitest';
import { isJsonContentType } from '../../src/backend';

describe('isJsonContentType', () => {
  it('accepts application/json and application/*+json, any case, parameters ignored', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/vnd.api+json')).toBe(true);
  });

  it('refuses other media types and an absent header', () => {
    for (const header of [null, undefined, '', 'text/json', 'text/plain', 'application/json5'])
      expect({ header, json: isJsonContentType(header) }).toEqual({ header, json: false });
  });
});
