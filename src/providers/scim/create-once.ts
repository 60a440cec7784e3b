/**
 * A create that is never made twice (accounts and groups alike). When its outcome is unknown —
 * no answer, a 504, a 5xx — the object is looked up, after a lost answer only once a grace period
 * has passed since the connection closed (the request may still land until then):
 *
 *   found, Roster's externalId   the create landed: its id, `lookedUp`
 *   found, another externalId    someone else's object of that name: `duplicate`
 *   absent after a lost answer   the change fails, saying so; nothing is sent again
 *   absent after a 500/502/503   the server said it failed: sent again (at most MAX_UNCERTAIN_SENDS)
 */
import type { Tally } from '../http/client.js';
import { ProviderError } from '../http/errors.js';
import { formatDuration } from '../http/limits.js';

/** Sends of one create or non-repeatable PATCH, lookups between them not counted. */
export const MAX_UNCERTAIN_SENDS = 3;

export function isUncertain(error: unknown): error is ProviderError {
  return error instanceof ProviderError && error.outcomeUnknown === true;
}

/**
 * No answer came (a timeout, a dropped connection) or a gateway gave up waiting (504): the
 * request may be processed later. Any other error answer is the server's own word that it failed.
 */
export function answerLost(error: ProviderError): boolean {
  return error.details.status === undefined || error.details.status === 504;
}

export interface CreateOnce {
  readonly system: string;
  /** `account` or `group`, for messages. */
  readonly noun: string;
  /** What identifies it in messages (`ava@example.com`), and which attribute that is (`userName`). */
  readonly name: string;
  readonly nameAttribute: string;
  /** How the look-up searches, for messages: `userName and externalId`. */
  readonly lookedUpBy: string;
  /** The externalId Roster gives it; an object found with another is not Roster's. */
  readonly externalId?: string;
  /** The failure's explanation when the answer was lost and the look-up found nothing. */
  readonly notFound: string;
  readonly tally: Tally;
  readonly lostAnswerGraceMs: number;
  sleep(ms: number): Promise<void>;
  /** Sends the create; the id the target gave. */
  send(): Promise<string>;
  lookup(): Promise<{ readonly id: string; readonly externalId?: string | null } | undefined>;
}

export async function createOnce(create: CreateOnce): Promise<{ readonly id: string; readonly lookedUp: boolean }> {
  const { tally } = create;
  for (;;) {
    try {
      return { id: await create.send(), lookedUp: false };
    } catch (error) {
      if (!isUncertain(error) || tally.attempts >= MAX_UNCERTAIN_SENDS) throw error;
      const lost = answerLost(error);
      if (lost) await create.sleep(create.lostAnswerGraceMs);
      const found = await create.lookup().catch(() => {
        throw error;
      });
      if (!found && !lost) continue;
      if (!found) {
        throw new ProviderError({
          failureClass: error.failureClass,
          outcomeUnknown: true,
          hint: `nothing was sent again; if the create landed late, the next plan finds the ${create.noun} and does not make it twice`,
          details: { ...error.details, attempts: tally.attempts },
          explanation: `${create.notFound} (looked up by ${create.lookedUpBy} ${formatDuration(create.lostAnswerGraceMs)} after the connection closed)`,
        });
      }
      if (create.externalId !== undefined && found.externalId !== create.externalId) {
        throw new ProviderError({
          failureClass: 'duplicate',
          hint: `another ${create.noun} with this ${create.nameAttribute} appeared while Roster was creating it; run plan again to see whether to adopt it`,
          details: { system: create.system, method: 'POST', path: error.details.path, attempts: tally.attempts },
          explanation: `the create's answer was lost and the ${create.noun} found for ${create.name} is not Roster's (externalId differs)`,
        });
      }
      return { id: found.id, lookedUp: true };
    }
  }
}
