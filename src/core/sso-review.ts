/**
 * Reviewing an application's SSO side beyond its settings: the certificate and metadata
 * differences a change brings (unified diffs), and what the IdP application's certificate says
 * (expired, expiring). Producing them takes X.509 and XML handling and a text-diff library, none of
 * which the core may use, so the function comes from the SAML side (saml/review.ts) and is injected
 * through PlanInput, as a target's normaliser is. It must be pure.
 */
import type { Action, DocumentDiff } from './change.js';
import type { Diagnostic } from './diagnostics.js';
import type { FlatAttributes, IdpApplication } from './model.js';

export interface SsoReviewInput {
  readonly app: string;
  /** The SSO application change planned, if any. */
  readonly action?: Action;
  /** The IdP application's settings once the plan is applied; absent when it is deleted. */
  readonly after?: FlatAttributes;
  /** The IdP application as read; absent when it does not exist yet. */
  readonly actual?: IdpApplication;
  /** The time of planning, for certificate validity. */
  readonly now: string;
}

export interface SsoReview {
  readonly documents: readonly DocumentDiff[];
  readonly diagnostics: readonly Diagnostic[];
}

export type SsoReviewer = (input: SsoReviewInput) => SsoReview;
