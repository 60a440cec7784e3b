/** The per-path memo the comparison, the cache and the detail reads share (core/per-path.ts). */
import { describe, expect, it } from 'vitest';
import { rememberedPerPath } from '../../src/core/per-path.js';

describe('rememberedPerPath', () => {
  it('asks once per path, a null answer included', () => {
    const asked: string[] = [];
    const typed = rememberedPerPath((path) => (asked.push(path), path.includes('[') ? path.slice(0, path.indexOf('[')) : null));
    expect([typed('emails[type eq "work"].value'), typed('userName'), typed('emails[type eq "work"].value'), typed('userName')]).toEqual(['emails', null, 'emails', null]);
    expect(asked).toEqual(['emails[type eq "work"].value', 'userName']);
  });

  it('starts over once it holds its limit, and answers the same', () => {
    let asked = 0;
    const length = rememberedPerPath((path) => (asked++, path.length), 2);
    expect([length('a'), length('bb'), length('a')]).toEqual([1, 2, 1]);
    expect(asked).toBe(2);
    expect(length('ccc')).toBe(3);
    expect(length('a')).toBe(1);
    expect(asked).toBe(4);
  });
});
