// A few lines of DOM building instead of a framework: the page has a handful of screens, and every kilobyte
// is paid for on a phone's first load.

type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | EventListener | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, ''), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

const root = (): HTMLElement => document.getElementById('app')!;

/** Replaces the screen and moves focus to its heading, so screen readers announce the new step. */
export function show(...children: Child[]): void {
  const app = root();
  app.replaceChildren(...(children.filter(Boolean) as (Node | string)[]));
  const heading = app.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus({ preventScroll: false });
  }
  window.scrollTo(0, 0);
}

/** Says something to screen readers without moving focus. */
export function announce(text: string): void {
  const live = document.getElementById('live');
  if (!live) return;
  live.textContent = '';
  window.setTimeout(() => {
    live.textContent = text;
  }, 30);
}

let ids = 0;
export const uid = (prefix: string): string => `${prefix}-${++ids}`;

export function button(
  label: string,
  onClick: () => void,
  kind: 'primary' | 'secondary' | 'link' = 'primary',
) {
  return h('button', { type: 'button', class: `btn btn-${kind}`, onclick: () => onClick() }, label);
}

export function spinner(label: string): HTMLElement {
  return h(
    'div',
    { class: 'busy', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    label,
  );
}
