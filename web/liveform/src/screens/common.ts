import { ApiError } from '../api.js';
import { button, h, show } from '../dom.js';
import { t } from '../i18n/index.js';

export function progress(n: number, total: number): HTMLElement {
  return h('p', { class: 'step' }, t('stepOf', { n, total }));
}

/** Problems that are not the applicant's fault: the session ended, or the network failed. */
export function showProblem(error: unknown, retry: () => void): void {
  const lost = error instanceof ApiError && (error.status === 404 || error.status === 410);
  show(
    h('h1', {}, lost ? t('sessionLost') : t('networkError')),
    lost ? null : h('div', { class: 'actions' }, button(t('retry'), retry)),
  );
}

/** Waits `seconds`, showing the countdown, then goes to `url`; OK goes at once. */
export function returnCountdown(url: string, seconds = 5): HTMLElement {
  const text = h('p', { class: 'countdown' }, t('redirectIn', { s: seconds }));
  let left = seconds;
  const go = () => {
    window.clearInterval(timer);
    window.location.assign(url);
  };
  const timer = window.setInterval(() => {
    left -= 1;
    if (left <= 0) go();
    else text.textContent = t('redirectIn', { s: left });
  }, 1000);
  return h('div', { class: 'return' }, text, h('div', { class: 'actions' }, button(t('ok'), go)));
}
