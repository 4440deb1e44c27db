import { api } from '../api.js';
import { button, h, show, uid } from '../dom.js';
import { t } from '../i18n/index.js';
import type { Flow } from '../state.js';
import { showProblem } from './common.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;

/** What the applicant needs; the e-mail address when the URL did not bring one (Step 1 requires it). */
export function welcomeScreen(flow: Flow, next: () => void): void {
  const emailId = uid('email');
  const hintId = uid('hint');
  const errorId = uid('err');
  const email = flow.view.emailNeeded
    ? h('input', {
        id: emailId,
        type: 'email',
        name: 'email',
        autocomplete: 'email',
        inputmode: 'email',
        required: true,
        'aria-describedby': hintId,
      })
    : null;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true }, t('welcomeEmailInvalid'));
  const start = async () => {
    if (email && !EMAIL.test(email.value.trim())) {
      error.hidden = false;
      email.setAttribute('aria-invalid', 'true');
      email.setAttribute('aria-describedby', `${hintId} ${errorId}`);
      email.focus();
      return;
    }
    try {
      flow.view = await api.start(flow.sid, email?.value.trim());
      next();
    } catch (problem) {
      showProblem(problem, () => welcomeScreen(flow, next));
    }
  };
  show(
    h('h1', {}, t('welcomeTitle')),
    h('p', {}, t('welcomeLead')),
    h(
      'ul',
      { class: 'needs' },
      h('li', {}, h('span', { class: 'bullet', 'aria-hidden': 'true' }, '▭'), t('welcomeDocument')),
      h('li', {}, h('span', { class: 'bullet', 'aria-hidden': 'true' }, '◯'), t('welcomeFace')),
    ),
    email
      ? h(
          'form',
          {
            class: 'field',
            novalidate: true,
            onsubmit: (event: Event) => {
              event.preventDefault();
              void start();
            },
          },
          h('label', { for: emailId }, t('welcomeEmailLabel')),
          email,
          h('p', { id: hintId, class: 'hint' }, t('welcomeEmailHint')),
          error,
        )
      : null,
    h(
      'div',
      { class: 'actions' },
      button(t('welcomeStart'), () => void start()),
    ),
    h('p', { class: 'note' }, t('privacyNote')),
  );
}
