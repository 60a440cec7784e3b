/**
 * The providers an engine run works with, injected by the CLI's wiring.
 */
import type { IdpProvider, TargetProvider } from '../core/ports.js';

export interface Providers {
  readonly idp: IdpProvider;
  /** Per configured application with provisioning enabled. */
  readonly targets: ReadonlyMap<string, TargetProvider>;
}
