import type { IdType } from '../api.js';
import { ALL_COUNTRIES, countryName } from '../countries.js';
import { button, h, show, uid } from '../dom.js';
import { language, t } from '../i18n/index.js';
import type { Flow } from '../state.js';

/** The issuing country, limited by the URL's lists and the project's blacklist; skipped when there is one. */
export function countryScreen(flow: Flow, next: () => void): void {
  const { countries, selected } = flow.view;
  const choices = (countries.only ?? ALL_COUNTRIES.filter((c) => !countries.except.includes(c))).slice();
  if (selected.country || choices.length === 1) {
    flow.country = selected.country ?? choices[0];
    next();
    return;
  }
  const lang = language();
  const named = choices
    .map((code) => ({ code, name: countryName(code, lang) }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  const id = uid('country');
  const select = h(
    'select',
    { id, name: 'country', required: true },
    h('option', { value: '' }, t('countryChoose')),
    ...named.map((c) => h('option', { value: c.code, selected: c.code === flow.country }, c.name)),
  );
  show(
    h('h1', {}, t('countryTitle')),
    h('div', { class: 'field' }, h('label', { for: id }, t('countryLabel')), select),
    h(
      'div',
      { class: 'actions' },
      button(t('continue'), () => {
        if (!select.value) {
          select.focus();
          return;
        }
        flow.country = select.value;
        next();
      }),
    ),
  );
}

/** The document type, limited by the URL's list and the project's accepted types; skipped when there is one. */
export function typeScreen(flow: Flow, next: () => void, back: (() => void) | undefined): void {
  const { idTypes, selected } = flow.view;
  if (selected.idType || idTypes.length === 1) {
    flow.idType = selected.idType ?? idTypes[0];
    next();
    return;
  }
  const name = uid('type');
  const options = idTypes.map((type) => {
    const id = uid('t');
    return h(
      'div',
      { class: 'choice' },
      h('input', { type: 'radio', id, name, value: type, checked: type === flow.idType }),
      h('label', { for: id }, t(`type_${type}`)),
    );
  });
  const legendId = uid('legend');
  show(
    h('h1', {}, t('typeTitle')),
    h(
      'fieldset',
      { class: 'choices', 'aria-labelledby': legendId },
      h('legend', { id: legendId, class: 'sr-only' }, t('typeLegend')),
      ...options,
    ),
    h(
      'div',
      { class: 'actions' },
      button(t('continue'), () => {
        const checked = document.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`);
        if (!checked) {
          document.querySelector<HTMLInputElement>(`input[name="${name}"]`)?.focus();
          return;
        }
        flow.idType = checked.value as IdType;
        next();
      }),
      back ? button(t('back'), back, 'secondary') : null,
    ),
  );
}
