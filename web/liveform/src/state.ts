import type { IdType, SessionView } from './api.js';

/** What one page of the flow knows; the server holds the rest (stage, submission, results). */
export interface Flow {
  readonly sid: string;
  view: SessionView;
  /** This device was handed the session by the desktop's QR code: the desktop does the return redirect. */
  readonly handedOff: boolean;
  country?: string;
  idType?: IdType;
}

/** Phones and tablets go straight to the camera; other devices offer the QR code first (argos.md §14.1). */
export function isPhone(): boolean {
  const coarse = window.matchMedia?.('(pointer: coarse)').matches ?? false;
  const mobileUa = /Mobi|Android|iPhone|iPad|iPod/i.test(navigator.userAgent);
  return (coarse && Math.min(window.screen.width, window.screen.height) < 1024) || mobileUa;
}
