import { api, type ReviewField } from '../api.js';
import { h, show, uid } from '../dom.js';
import { hasMessage, t } from '../i18n/index.js';
import type { Flow } from '../state.js';
import { showProblem } from './common.js';

const DATE_FIELDS = new Set(['birthDate', 'issueDate', 'expireDate']);
const REQUIRED = new Set(['name', 'birthDate']);
/** The order the applicant reads them in; fields the document did not give are left out. */
const ORDER = [
  'name',
  'lastName',
  'firstName',
  'birthDate',
  'gender',
  'nationality',
  'documentNumber',
  'identityNumber',
  'licenseNumber',
  'issueDate',
  'expireDate',
];

/**
 * The applicant confirms or corrects what Step 1 read (reviewOCRData). Values the engine was unsure of are
 * marked. Name and date of birth are required: Step 2 compares them with the document.
 */
export function reviewScreen(flow: Flow, fields: readonly ReviewField[], next: () => void): void {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  if (!byKey.has('name')) byKey.set('name', { key: 'name', value: '', accepted: false });
  if (!byKey.has('birthDate')) byKey.set('birthDate', { key: 'birthDate', value: '', accepted: false });
  const shown = ORDER.filter((key) => byKey.has(key));
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();

  const rows = shown.map((key) => {
    const field = byKey.get(key)!;
    const id = uid(key);
    const noteId = uid('note');
    const errorId = uid('error');
    const label = hasMessage(`field_${key}`) ? t(`field_${key}` as 'field_name') : key;
    let input: HTMLInputElement | HTMLSelectElement;
    if (key === 'gender') {
      input = h(
        'select',
        { id, name: key },
        h('option', { value: '', selected: !field.value }, t('genderUnknown')),
        h('option', { value: 'female', selected: field.value === 'female' }, t('genderFemale')),
        h('option', { value: 'male', selected: field.value === 'male' }, t('genderMale')),
      );
    } else {
      input = h('input', {
        id,
        name: key,
        type: DATE_FIELDS.has(key) ? 'date' : 'text',
        value: field.value,
        required: REQUIRED.has(key),
        autocomplete: key === 'name' ? 'name' : key === 'birthDate' ? 'bday' : 'off',
        maxlength: key === 'nationality' ? 3 : 128,
      });
    }
    const unsure = !field.accepted && field.value !== '';
    if (unsure) input.setAttribute('aria-describedby', noteId);
    inputs.set(key, input);
    return h(
      'div',
      { class: `field${unsure ? ' unsure' : ''}` },
      h('label', { for: id }, label, REQUIRED.has(key) ? h('span', { 'aria-hidden': 'true' }, ' *') : null),
      input,
      unsure ? h('p', { id: noteId, class: 'hint warn' }, t('reviewUnsure')) : null,
      h('p', { id: errorId, class: 'field-error', hidden: true }),
    );
  });

  const confirm = async () => {
    let firstBad: HTMLElement | undefined;
    const values: Record<string, string> = {};
    for (const [key, input] of inputs) {
      const value = input.value.trim();
      const error = input.parentElement!.querySelector<HTMLElement>('.field-error')!;
      let message = '';
      if (REQUIRED.has(key) && value === '') message = t('reviewRequired');
      else if (DATE_FIELDS.has(key) && value !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(value))
        message = t('reviewDateInvalid');
      error.textContent = message;
      error.hidden = message === '';
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-errormessage', error.id);
        firstBad ??= input;
      } else input.removeAttribute('aria-invalid');
      if (value !== '') values[key] = key === 'nationality' ? value.toUpperCase() : value;
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    try {
      flow.view = await api.review(flow.sid, values);
      next();
    } catch (problem) {
      showProblem(problem, () => reviewScreen(flow, fields, next));
    }
  };

  show(
    h('h1', {}, t('reviewTitle')),
    h('p', {}, t('reviewLead')),
    h(
      'form',
      {
        class: 'review',
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          void confirm();
        },
      },
      ...rows,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, t('reviewConfirm')),
      ),
    ),
  );
}
