import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/cli/color.js';

describe('colorEnabled', () => {
  it.each([
    [{}, true, undefined, true],
    [{}, false, undefined, false],
    [{ NO_COLOR: '1' }, true, undefined, false],
    [{ NO_COLOR: '' }, true, undefined, true],
    [{}, true, true, false],
  ])('env %j, terminal %s, --no-color %s → %s', (env, isTTY, noColor, expected) => {
    expect(colorEnabled({ env, ...(noColor ? { noColor } : {}) }, { isTTY })).toBe(expected);
  });
});
