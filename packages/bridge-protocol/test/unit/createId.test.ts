import { test, expect } from '@playwright/test';
import { createId } from '../../src/createId.js';

test.describe('createId', () => {
  test('returns uuid v4 strings (RFC 9562: version 4, variant 10xx), each one new', () => {
    const ids = Array.from({ length: 1000 }, () => createId());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
