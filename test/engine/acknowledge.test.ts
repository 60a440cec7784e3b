/** `--allow KIND:APP`: each violation is acknowledged by its own kind and application. */
import { describe, expect, it } from 'vitest';
import { parseAcknowledgement, unacknowledged } from '../../src/engine/acknowledge.js';

describe('acknowledgements', () => {
  const violation = (kind: 'deprovision' | 'protected', app: string) => ({ app, kind, message: '', allow: `--allow ${kind}:${app}`, addresses: [] });

  it('parses KIND:APP for the kinds of violation there are', () => {
    expect(parseAcknowledgement('deprovision:ringcentral')).toEqual({ kind: 'deprovision', app: 'ringcentral' });
    expect(parseAcknowledgement('everything:ringcentral')).toBeUndefined();
    expect(parseAcknowledgement('deprovision')).toBeUndefined();
  });

  it('acknowledges each violation by its own kind and application only', () => {
    const violations = [violation('deprovision', 'a'), violation('protected', 'a'), violation('deprovision', 'b')];
    expect(unacknowledged(violations, [{ kind: 'deprovision', app: 'a' }])).toEqual([violations[1], violations[2]]);
  });
});
