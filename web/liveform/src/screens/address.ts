import { api, type Result } from '../api.js';
import { fileToCanvas, fittedJpeg } from '../capture/camera.js';
import { ALL_COUNTRIES, countryName } from '../countries.js';
import { h, show, spinner, uid } from '../dom.js';
import { language, type MessageKey, t } from '../i18n/index.js';
import type { Flow } from '../state.js';
import { returnCountdown, showProblem } from './common.js';

// Address injection (argos.md §14.5): the applicant of an existing submission gives their current address and a
// photo of a document that shows it; the server replaces the stored address with them.

const MAX_IMAGE_BYTES = 2 * 1024 * 1024 - 4096;

interface AddressField {
  readonly key: 'street' | 'street2' | 'city' | 'state' | 'zipcode';
  readonly autocomplete: string;
  readonly required: boolean;
}

const FIELDS: readonly AddressField[] = [
  { key: 'street', autocomplete: 'address-line1', required: true },
  { key: 'street2', autocomplete: 'address-line2', required: false },
  { key: 'city', autocomplete: 'address-level2', required: true },
  { key: 'state', autocomplete: 'address-level1', required: false },
  { key: 'zipcode', autocomplete: 'postal-code', required: false },
];

function savedScreen(flow: Flow, result: Result): void {
  show(
    h('div', { class: 'icon icon-approved', 'aria-hidden': 'true' }, '✓'),
    h('h1', { 'data-status': 'address-saved' }, t('addressSavedTitle')),
    h('p', {}, t('addressSavedLead')),
    result.returnUrl && !flow.handedOff ? returnCountdown(result.returnUrl) : null,
  );
}

function labelled(id: string, key: MessageKey, required: boolean) {
  return h('label', { for: id }, t(key), required ? h('span', { 'aria-hidden': 'true' }, ' *') : null);
}

export function addressScreen(flow: Flow): void {
  if (flow.view.result && flow.view.stage === 'done') {
    savedScreen(flow, flow.view.result);
    return;
  }
  const inputs = new Map<string, HTMLInputElement | HTMLSelectElement>();
  const errorOf = new Map<string, HTMLElement>();
  const row = (key: string, label: HTMLElement, input: HTMLInputElement | HTMLSelectElement) => {
    const error = h('p', { id: uid('error'), class: 'field-error', hidden: true });
    inputs.set(key, input);
    errorOf.set(key, error);
    return h('div', { class: 'field' }, label, input, error);
  };

  const rows = FIELDS.map((field) => {
    const id = uid(field.key);
    const input = h('input', {
      id,
      name: field.key,
      type: 'text',
      autocomplete: field.autocomplete,
      required: field.required,
      maxlength: 256,
    });
    return row(field.key, labelled(id, `address_${field.key}`, field.required), input);
  });
  const countryId = uid('country');
  const lang = language();
  const country = h(
    'select',
    { id: countryId, name: 'country', required: true, autocomplete: 'country' },
    h('option', { value: '' }, t('countryChoose')),
    ...ALL_COUNTRIES.filter((code) => code !== 'UTO')
      .map((code) => ({ code, name: countryName(code, lang) }))
      .sort((a, b) => a.name.localeCompare(b.name, lang))
      .map((c) => h('option', { value: c.code }, c.name)),
  );
  rows.push(row('country', labelled(countryId, 'address_country', true), country));
  const imageId = uid('address-image');
  const image = h('input', {
    id: imageId,
    name: 'addressImage',
    type: 'file',
    accept: 'image/jpeg,image/png',
    capture: 'environment',
    required: true,
  });
  rows.push(row('addressImage', labelled(imageId, 'addressImageLabel', true), image));

  const save = async () => {
    let firstBad: HTMLElement | undefined;
    const values: Record<string, string> = {};
    for (const [key, input] of inputs) {
      const error = errorOf.get(key)!;
      let message = '';
      if (key === 'addressImage') {
        const file = (input as HTMLInputElement).files?.[0];
        if (!file) message = t('addressImageRequired');
        else if (!/^image\/(jpeg|png)$/.test(file.type)) message = t('uploadWrongType');
        else if (file.size > 10 * 1024 * 1024) message = t('uploadTooLarge');
      } else {
        const value = input.value.trim();
        if (input.required && value === '') message = t('reviewRequired');
        if (value !== '') values[key] = value;
      }
      error.textContent = message;
      error.hidden = message === '';
      if (message) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-errormessage', error.id);
        firstBad ??= input;
      } else input.removeAttribute('aria-invalid');
    }
    if (firstBad) {
      firstBad.focus();
      return;
    }
    const file = image.files![0]!;
    show(h('h1', {}, t('addressTitle')), spinner(t('addressSaving')));
    try {
      const photo = await fittedJpeg(await fileToCanvas(file, 2400), MAX_IMAGE_BYTES);
      const answer = await api.address(flow.sid, values, photo);
      savedScreen(flow, answer.result);
    } catch (problem) {
      showProblem(problem, () => addressScreen(flow));
    }
  };

  show(
    h('h1', {}, t('addressTitle')),
    h('p', {}, t('addressLead')),
    h(
      'form',
      {
        class: 'review',
        novalidate: true,
        onsubmit: (event: Event) => {
          event.preventDefault();
          void save();
        },
      },
      ...rows,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, t('addressSave')),
      ),
    ),
  );
}
