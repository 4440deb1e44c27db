import { api } from '../api.js';
import { h, show } from '../dom.js';
import { hasMessage, t } from '../i18n/index.js';
import { returnCountdown } from './common.js';

function messageFor(code: string): string {
  const exact = `error_${code.replace('-', '_')}`;
  if (hasMessage(exact)) return t(exact);
  const category = `error_${code.slice(0, 2)}`;
  return hasMessage(category) ? t(category) : t('error_SE');
}

/** The error page of argos.md §14.3, and its Return URL when the project asked for `errorCode` (§14.4). */
export async function errorScreen(code: string, ref: string | null): Promise<void> {
  const render = (returnUrl?: string) =>
    show(
      h('div', { class: 'icon icon-error', 'aria-hidden': 'true' }, '!'),
      h('h1', {}, t('errorTitle')),
      h('p', {}, messageFor(code)),
      h('p', { class: 'code' }, t('errorCode', { code })),
      returnUrl ? returnCountdown(returnUrl) : null,
    );
  render();
  if (!ref) return;
  const view = await api.session(ref).catch(() => undefined);
  if (view?.result?.returnUrl) render(view.result.returnUrl);
}
