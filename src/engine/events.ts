/**
 * Progress events of an apply, for the terminal views, CI lines and the journal.
 */
import type { Change } from '../core/change.js';

export type ApplyEvent =
  | { readonly type: 'change-started'; readonly change: Change }
  | { readonly type: 'change-succeeded'; readonly change: Change }
  | { readonly type: 'change-failed'; readonly change: Change; readonly error: string }
  | { readonly type: 'change-skipped'; readonly change: Change; readonly why: string };

export type ApplyListener = (event: ApplyEvent) => void;
