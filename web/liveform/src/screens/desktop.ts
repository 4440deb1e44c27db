import { api, type Handoff, type Result, type Stage } from '../api.js';
import { button, h, show } from '../dom.js';
import { type MessageKey, t } from '../i18n/index.js';
import type { Flow } from '../state.js';
import { showProblem } from './common.js';

interface Progress {
  readonly stage: Stage;
  readonly handedOff: boolean;
  readonly result?: Result;
}

const STEPS: readonly [Stage | 'phone', MessageKey][] = [
  ['phone', 'progressPhoneConnected'],
  ['document', 'progressDocument'],
  ['review', 'progressReview'],
  ['selfie', 'progressSelfie'],
  ['done', 'progressDone'],
];
const ORDER: Stage[] = ['start', 'document', 'review', 'selfie', 'done'];

function progressList(p: Progress): HTMLElement {
  const reached = ORDER.indexOf(p.stage);
  return h(
    'ol',
    { class: 'progress' },
    ...STEPS.map(([step, label]) => {
      const index = step === 'phone' ? -1 : ORDER.indexOf(step);
      const done =
        step === 'phone' ? p.handedOff : index <= reached && (step !== 'done' || p.stage === 'done');
      const current = step === 'phone' ? !p.handedOff : index === reached + 1 && p.handedOff;
      return h(
        'li',
        { class: done ? 'done' : current ? 'current' : '', 'aria-current': current ? 'step' : undefined },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, done ? '✓' : ''),
        t(label),
      );
    }),
  );
}

/**
 * The desktop's page: a QR code and short link that hand the session to a phone, and the phone's progress,
 * followed live over Server-Sent Events (polling when those fail), until the result arrives.
 */
export function desktopScreen(flow: Flow, useHere: () => void, finished: (result: Result) => void): void {
  let handoff: Handoff | undefined;
  let state: Progress = { stage: flow.view.stage, handedOff: flow.view.handedOff };
  let source: EventSource | undefined;
  let poll: number | undefined;
  const stop = () => {
    source?.close();
    window.clearInterval(poll);
  };

  const render = () => {
    const qr = handoff
      ? h('img', {
          class: 'qr',
          src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(handoff.qrSvg)}`,
          alt: t('desktopQrAlt', { url: handoff.url }),
          width: 220,
          height: 220,
        })
      : h('div', { class: 'qr qr-empty', role: 'status' }, t('loading'));
    show(
      h('h1', {}, t('desktopTitle')),
      state.handedOff
        ? h('p', { class: 'lead', role: 'status' }, t('phoneHandedOff'))
        : h(
            'div',
            { class: 'handoff' },
            h('p', {}, t('desktopLead')),
            qr,
            h('p', {}, t('desktopLinkLabel')),
            handoff ? h('p', { class: 'short-link' }, h('a', { href: handoff.url }, handoff.url)) : null,
            h('p', { class: 'hint' }, t('desktopCodeExpires')),
            h(
              'div',
              { class: 'actions' },
              button(t('desktopNewCode'), () => void refresh(), 'secondary'),
              button(
                t('desktopUseHere'),
                () => {
                  stop();
                  useHere();
                },
                'link',
              ),
            ),
          ),
      h('h2', {}, t('desktopProgressTitle')),
      progressList(state),
    );
  };

  const update = (next: Progress) => {
    const changed = next.stage !== state.stage || next.handedOff !== state.handedOff;
    state = next;
    if (next.result && next.stage === 'done') {
      stop();
      finished(next.result);
    } else if (changed) render();
  };

  const refresh = async () => {
    try {
      handoff = await api.handoff(flow.sid);
      render();
    } catch (problem) {
      stop();
      showProblem(problem, () => desktopScreen(flow, useHere, finished));
    }
  };

  const pollOnce = async () => {
    const view = await api.session(flow.sid).catch(() => undefined);
    if (view)
      update({
        stage: view.stage,
        handedOff: view.handedOff,
        ...(view.result ? { result: view.result } : {}),
      });
  };

  render();
  void refresh();
  if (typeof EventSource === 'function') {
    source = new EventSource(api.eventsUrl(flow.sid));
    source.addEventListener('progress', (event) => update(JSON.parse((event as MessageEvent<string>).data)));
    source.onerror = () => {
      // The server closes the stream at the end or after a while; fall back to polling.
      source?.close();
      if (poll === undefined) poll = window.setInterval(() => void pollOnce(), 3000);
    };
  } else {
    poll = window.setInterval(() => void pollOnce(), 3000);
  }
}
