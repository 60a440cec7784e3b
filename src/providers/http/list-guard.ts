/**
 * The bounds of one paged list read, whatever the vendor's paging: a declared total over the limit
 * fails before a second page is asked for; pages are counted against what the first page's total
 * allows (limits.ts pageBudget); resources are counted against the limit; and an id met twice
 * fails the read. A repeated id is either a server that ignores its paging (page one again, a
 * page that never advances) or a list that changed while it was read; either way Roster cannot
 * tell which of the two resources is real, so it refuses the list instead of keeping one of them
 * unannounced. Memory is bounded by the limit: one map entry per resource. Totals and ids come
 * from pages answered 200, which the failures say.
 */
import type { HttpClient, HttpRequest } from './client.js';
import { LIMIT_SETTINGS, PAGE_SLACK, pageBudget } from './limits.js';

/** An id as a message shows it: quoted, control characters escaped, at most 80 characters. */
function quote(id: string): string {
  return JSON.stringify(id.length > 80 ? `${id.slice(0, 80)}…` : id);
}

export class ListGuard {
  /** Id → the page it was read on, for the message when it comes again. */
  private readonly seen = new Map<string, string>();
  private pages = 0;
  private budget: number;
  private budgetReason: string;

  constructor(
    private readonly http: HttpClient,
    private readonly request: Pick<HttpRequest, 'method' | 'path'>,
    /** What the list holds, plural: `users`, `user groups`. */
    private readonly noun: string,
    /** Resources a page may hold when the list declares no total (JumpCloud v2). */
    perPage?: number,
  ) {
    const max = http.maxListResources;
    this.budget = perPage ? pageBudget(max, perPage) : Number.POSITIVE_INFINITY;
    this.budgetReason = perPage ? `the most ${max} ${noun} in pages of ${perPage} take (+ ${PAGE_SLACK})` : '';
  }

  /** Resources read so far, each once. */
  get size(): number {
    return this.seen.size;
  }

  /**
   * A page's declared total (`field` names it: `totalResults`, `totalCount`). Over the limit, the
   * read fails; the first one also sets how many pages the list may take, `perPage` at a time.
   */
  total(declared: number, field: string, perPage?: number): void {
    const max = this.http.maxListResources;
    if (declared > max) {
      throw this.http.limitError(this.request, `${field} is ${declared}, over the limit of ${max} ${this.noun} per list; no further page was asked for`, {
        status: 200,
        setting: LIMIT_SETTINGS.maxResources,
      });
    }
    if (perPage !== undefined && this.budgetReason === '') {
      this.budget = pageBudget(declared, perPage);
      this.budgetReason = `the most its ${field} of ${declared} in pages of ${perPage} allows (+ ${PAGE_SLACK})`;
    }
  }

  /** Before asking for a page: past the page budget the read fails. */
  nextPage(): void {
    this.pages += 1;
    if (this.pages > this.budget) {
      throw this.http.limitError(this.request, `the list did not end within ${this.budget} pages, ${this.budgetReason}`);
    }
  }

  /** The ids of one page, `page` saying which (`startIndex 101`); a repeated id or one over the limit fails the read. */
  add(ids: readonly string[], page: string): void {
    const max = this.http.maxListResources;
    for (const id of ids) {
      const first = this.seen.get(id);
      if (first !== undefined) {
        const where = first === page ? `twice on the page at ${page}` : `on the page at ${first} and again on the page at ${page}`;
        throw this.http.limitError(this.request, `the list holds ${this.noun.replace(/s$/, '')} id ${quote(id)} more than once (${where}); Roster refuses the list rather than keep one of them`, {
          status: 200,
          hint: 'the service repeats resources (it ignores paging, or the list changed while it was read): run again, and if it persists, have the service fixed',
        });
      }
      if (this.seen.size >= max) {
        throw this.http.limitError(this.request, `the list holds more than ${max} ${this.noun}, the limit per list`, { status: 200, setting: LIMIT_SETTINGS.maxResources });
      }
      this.seen.set(id, page);
    }
  }
}
