import type { Result } from '../api.js';
import { h, show } from '../dom.js';
import { t } from '../i18n/index.js';
import type { Flow } from '../state.js';
import { returnCountdown } from './common.js';

/** The decision page (argos.md §14.1), then the Return URL after OK or 5 s (§14.4). */
export function resultScreen(flow: Flow, result: Result): void {
  const kind =
    result.status === 'approved' ? 'approved' : result.status === 'rejected' ? 'rejected' : 'pending';
  const title = {
    approved: t('resultApprovedTitle'),
    rejected: t('resultRejectedTitle'),
    pending: t('resultPendingTitle'),
  }[kind];
  const lead = {
    approved: t('resultApprovedLead'),
    rejected: t('resultRejectedLead'),
    pending: t('resultPendingLead'),
  }[kind];
  const icon = { approved: '✓', rejected: '✕', pending: '…' }[kind];
  show(
    h('div', { class: `icon icon-${kind}`, 'aria-hidden': 'true' }, icon),
    h('h1', { 'data-status': result.status }, title),
    h('p', {}, lead),
    result.comments?.length
      ? h('ul', { class: 'comments' }, ...result.comments.map((c) => h('li', {}, c)))
      : null,
    flow.handedOff
      ? h('p', { class: 'note' }, t('resultPhoneDone'))
      : result.returnUrl
        ? returnCountdown(result.returnUrl)
        : null,
  );
}
