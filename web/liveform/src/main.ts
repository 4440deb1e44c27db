import './styles.css';
import {
  api,
  type DocumentOutcome,
  type Result,
  type Retry,
  type SelfieOutcome,
  type SessionView,
} from './api.js';
import { button, h, show, spinner } from './dom.js';
import { browserLanguage, LANGUAGES, type Language, setLanguage, t } from './i18n/index.js';
import { addressScreen } from './screens/address.js';
import { countryScreen, typeScreen } from './screens/choose.js';
import { showProblem } from './screens/common.js';
import { desktopScreen } from './screens/desktop.js';
import { documentScreen, readingScreen } from './screens/document.js';
import { errorScreen } from './screens/error.js';
import { resultScreen } from './screens/result.js';
import { reviewScreen } from './screens/review.js';
import { selfieScreen } from './screens/selfie.js';
import { welcomeScreen } from './screens/welcome.js';
import { type Flow, isPhone } from './state.js';

// The capture page: /liveform/s/<session> runs the flow of argos.md §14.1 (ID capture -> OCR confirmation ->
// selfie/liveness -> decision -> Return URL); /liveform/error-page/<code> shows a §14.3 error page.

function applyColors(colors: { main?: string; inner?: string }): void {
  const style = document.documentElement.style;
  if (colors.main) style.setProperty('--main', `#${colors.main}`);
  if (colors.inner) style.setProperty('--inner', `#${colors.inner}`);
}

function retryScreen(retry: Retry, again: () => void): void {
  show(
    h('h1', {}, t('retry')),
    ...retry.messages.map((m) => h('p', {}, m)),
    h('p', { class: 'hint' }, t('attemptsLeft', { n: retry.attemptsLeft })),
    h('div', { class: 'actions' }, button(t('retry'), again)),
  );
}

function runFlow(flow: Flow): void {
  const finished = (result: Result) => resultScreen(flow, result);

  const selfie = () =>
    selfieScreen(flow, (outcome: SelfieOutcome) => {
      if (outcome.outcome === 'retry') retryScreen(outcome, selfie);
      else finished(outcome.result);
    });

  const submitDocument = async (front: Blob, back?: Blob) => {
    readingScreen();
    let outcome: DocumentOutcome;
    try {
      outcome = await api.document(flow.sid, flow.country!, flow.idType!, front, back);
    } catch (problem) {
      showProblem(problem, () => void submitDocument(front, back));
      return;
    }
    if (outcome.outcome === 'review') reviewScreen(flow, outcome.review, selfie);
    else if (outcome.outcome === 'retry') retryScreen(outcome, capture);
    else finished(outcome.result);
  };

  const capture = () =>
    documentScreen(flow, {
      side: 'front',
      done: (front) => {
        if (flow.view.backSide.includes(flow.idType!))
          documentScreen(flow, { side: 'back', done: (back) => void submitDocument(front, back) });
        else void submitDocument(front);
      },
    });

  const choose = () =>
    countryScreen(flow, () => typeScreen(flow, capture, flow.view.selected.country ? undefined : choose));

  const { view } = flow;
  if (view.result && view.stage === 'done') finished(view.result);
  else if (view.stage === 'selfie') selfie();
  else if (view.stage === 'review' && view.review) reviewScreen(flow, view.review, selfie);
  else if (view.stage === 'start') welcomeScreen(flow, choose);
  else choose();
}

function languageSwitcher(current: Language, onChange: (lang: Language) => void): HTMLElement {
  const select = h(
    'select',
    { id: 'lang', class: 'lang', 'aria-label': t('languageLabel') },
    ...LANGUAGES.map((lang) =>
      h(
        'option',
        { value: lang, selected: lang === current, lang },
        { en: 'English', ko: '한국어', es: 'Español' }[lang],
      ),
    ),
  );
  select.addEventListener('change', () => onChange(select.value as Language));
  return select;
}

async function startSession(sid: string, phone: boolean): Promise<void> {
  show(spinner(t('loading')));
  let view: SessionView;
  try {
    view = await api.session(sid);
  } catch (problem) {
    showProblem(problem, () => void startSession(sid, phone));
    return;
  }
  setLanguage(view.lang);
  applyColors(view.colors);
  const flow: Flow = {
    sid,
    view,
    handedOff: phone && new URLSearchParams(location.search).get('d') === 'phone',
  };
  const header = document.querySelector('header .lang-slot');
  header?.replaceChildren(
    languageSwitcher(view.lang, (lang) => {
      setLanguage(lang);
      void startSession(sid, phone);
    }),
  );
  if (view.mode === 'address') {
    // An address and a photo of a paper document: any device will do, no hand-off to a phone.
    addressScreen(flow);
  } else if (!phone && view.stage !== 'done') {
    desktopScreen(
      flow,
      () => runFlow(flow),
      (result) => resultScreen(flow, result),
    );
  } else {
    runFlow(flow);
  }
}

function boot(): void {
  const params = new URLSearchParams(location.search);
  const lang = params.get('lang');
  setLanguage((LANGUAGES as readonly string[]).includes(lang ?? '') ? (lang as Language) : browserLanguage());
  document.body.prepend(
    h(
      'header',
      { class: 'top' },
      h('span', { class: 'brand' }, t('pageTitle')),
      h('span', { class: 'lang-slot' }),
    ),
  );
  const path = location.pathname;
  const error = /^\/liveform\/error-page\/([A-Z]{2}-\d{5})\/?$/.exec(path);
  if (error) {
    void errorScreen(error[1]!, params.get('ref'));
    return;
  }
  const session = /^\/liveform\/s\/([0-9A-Za-z]{32})\/?$/.exec(path);
  if (session) {
    const phone = params.get('d') === 'phone' || isPhone();
    void startSession(session[1]!, phone);
    return;
  }
  void errorScreen('NF-10000', null);
}

boot();
