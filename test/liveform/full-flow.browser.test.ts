import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptPayload, payloadKey } from '../../src/crypto/argos-cipher.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';
import { type Receiver, startReceiver, waitUntil } from '../support/receiver.js';
import { fakeCamera, OUTPUT } from './fake-camera-file.js';
import { type LiveformServer, startLiveformServer, TEST_API_KEY, TEST_PROJECT_ID } from './harness.js';

// The whole Liveform in Debian's Chromium with a fake camera playing our generated video: the desktop shows the
// QR code's short link, a phone-sized page opens it, photographs the passport, confirms the data, takes the selfie
// with the liveness prompt, and reaches "approved"; the webhook arrives and the desktop goes to the Return URL.
// Every step is screenshotted at phone and desktop size into test-output/liveform, and checked with axe-core.

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.join(OUTPUT, 'screens');

interface Audit {
  readonly problems: string[];
  readonly violations: string[];
}

function watch(page: Page, audit: Audit, who: string): void {
  page.on('console', (message) => {
    if (message.type() === 'error') audit.problems.push(`${who} console: ${message.text()}`);
  });
  page.on('pageerror', (error) => audit.problems.push(`${who} error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // The event stream is closed by the page itself when it leaves.
    if (!request.url().endsWith('/events')) audit.problems.push(`${who} failed: ${request.url()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) audit.problems.push(`${who} ${response.status()}: ${response.url()}`);
  });
}

async function check(page: Page, audit: Audit, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
  // Browser-side code as text: this file is compiled without the DOM library.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axeSource); // via DevTools, which the page's CSP does not govern
  const result = (await page.evaluate("axe.run(document, { resultTypes: ['violations'] })")) as {
    violations: { id: string; nodes: { target: string[] }[] }[];
  };
  for (const v of result.violations)
    audit.violations.push(`${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.runIf(chromiumAvailable())('Liveform in a real browser with a fake camera', () => {
  let t: LiveformServer;
  let hooks: Receiver;
  let back: Receiver;
  let browser: Browser;
  const audit: Audit = { problems: [], violations: [] };

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const camera = await fakeCamera('turn_left');
    [t, hooks, back] = await Promise.all([
      startLiveformServer({ OPENKYC_CALLBACK_ALLOW_PRIVATE: '1', OPENKYC_WEBHOOK_RETRY_BASE_MS: '200' }),
      startReceiver(),
      startReceiver(),
    ]);
    t.prompt = 'turn_left';
    await t.app.projects.updateSettings(
      TEST_PROJECT_ID,
      {
        webhookUrl: hooks.url,
        allowInsecureWebhooks: true,
        returnUrl: `http://127.0.0.1:${back.port}/return?from=kyc`,
        returnUrlFields: ['submissionId', 'kycStatus', 'userid', 'cf1'],
      },
      'test',
    );
    browser = await launchChromium({
      args: [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${camera.file}`,
      ],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([t?.close(), hooks?.close(), back?.close()]);
  });

  it('verifies a person end to end: QR hand-off, passport, review, liveness selfie, approved, webhook, Return URL', async () => {
    const camera = await fakeCamera('turn_left');
    const register = await fetch(`${t.baseUrl}/v3/submission/tokens`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ tokenId: ['browser-token-001'] }),
    });
    expect(register.status).toBe(200);
    const encrypted = encryptPayload(
      { selectedIssuingCountry: 'UTO', selectedIdType: 'passport', token: 'browser-token-001' },
      payloadKey(TEST_API_KEY),
      'AES-256',
    );
    const url = `${t.baseUrl}/liveform?pid=${TEST_PROJECT_ID}&lang=en&email=jane%40example.com&userid=user-42&cf1=campaign-7&encrypted=${encodeURIComponent(encrypted)}`;

    // Desktop: the QR code and short link.
    const desktop = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    watch(desktop, audit, 'desktop');
    await desktop.goto(url);
    const link = await desktop.locator('.short-link a').getAttribute('href', { timeout: 15_000 });
    expect(link).toMatch(/\/liveform\/h\/[2-9A-HJKMNP-Z]{8}$/);
    await desktop.locator('img.qr').waitFor();
    await check(desktop, audit, 'desktop-1-qr');

    // Phone: opens the short link.
    const phoneContext = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
      userAgent:
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
    });
    const phone = await phoneContext.newPage();
    watch(phone, audit, 'phone');
    await phone.goto(link!);
    await phone.getByRole('heading', { name: 'Verify your identity' }).waitFor();
    await check(phone, audit, 'phone-1-welcome');
    await desktop.getByText('Your phone is connected').waitFor({ timeout: 10_000 });
    await check(desktop, audit, 'desktop-2-phone-connected');

    await phone.getByRole('button', { name: 'Start' }).click();
    // Country and type come from the encrypted selection: straight to the camera.
    await phone.getByRole('heading', { name: 'Photograph the photo page of your passport' }).waitFor();
    await phone.locator('.advice[data-verdict]').first().waitFor();
    await phone.waitForTimeout(300);
    await check(phone, audit, 'phone-2-document-camera');
    // Auto-capture, then Step 1 reads the passport.
    await phone.getByRole('heading', { name: 'Check your details' }).waitFor({ timeout: 120_000 });
    await check(phone, audit, 'phone-3-review');
    expect(await phone.getByLabel('Full name').inputValue()).toMatch(/SAMPLE/);
    expect(await phone.getByLabel('Date of birth').inputValue()).toBe('1990-04-12');
    await check(desktop, audit, 'desktop-3-progress');
    await phone.getByRole('button', { name: 'These details are correct' }).click();

    // The selfie: the fake camera restarts its video when the camera opens; the face appears after the document.
    await phone.getByRole('heading', { name: 'Take a selfie' }).waitFor();
    const start = phone.getByRole('button', { name: 'Start' });
    await expect.poll(() => start.isEnabled(), { timeout: 15_000 }).toBe(true);
    const opened = Date.now();
    await phone.waitForTimeout(camera.faceStartSeconds * 1000 + 300 - (Date.now() - opened));
    await check(phone, audit, 'phone-4-selfie');
    await start.click();
    await phone.getByText('Slowly turn your head to your left').waitFor();
    await phone.screenshot({ path: path.join(SHOTS, 'phone-5-liveness-prompt.png') });
    const heading = phone.locator('h1[data-status]');
    await heading.waitFor({ timeout: 150_000 });
    await check(phone, audit, 'phone-6-result');
    expect(await heading.getAttribute('data-status')).toBe('approved');

    // The desktop shows the result and goes to the Return URL after 5 s.
    await desktop.locator('h1[data-status="approved"]').waitFor({ timeout: 15_000 });
    await check(desktop, audit, 'desktop-4-result');
    await desktop.waitForURL(/\/return\?/, { timeout: 15_000 });
    const returned = new URL(desktop.url());
    expect(returned.searchParams.get('from')).toBe('kyc');
    expect(returned.searchParams.get('kycStatus')).toBe('approved');
    expect(returned.searchParams.get('userid')).toBe('user-42');
    expect(returned.searchParams.get('cf1')).toBe('campaign-7');
    const submissionId = returned.searchParams.get('submissionId');
    expect(submissionId).toMatch(/^[0-9a-z]{13}$/);

    // The webhook arrived at the receiver.
    await waitUntil(
      () => hooks.requests.some((r) => r.body.includes('"approved"')),
      30_000,
      'the approved webhook',
    );
    const approved = JSON.parse(
      hooks.requests.find((r) => r.body.includes('"webhook_trigger":"approved"'))!.body,
    );
    expect(approved).toMatchObject({
      webhook_trigger: 'approved',
      submission_id: submissionId,
      userid: 'user-42',
    });

    // Private mode: the same token, now of an approved submission, gives TK-10002 (the clock is put back to
    // just after the token's first use, so that the 3-minute rule, which would win, does not apply).
    t.clock.offsetMs = -(Date.now() - opened) - 60_000;
    const again = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await again.goto(url);
    await again.waitForURL(/\/liveform\/error-page\/TK-10002/);
    await again.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    await check(again, audit, 'desktop-5-error-decided');

    // The same token 3 minutes after its first use: TK-10001 (the expiry code wins over the decided status).
    t.clock.offsetMs = 3 * 60_000 + 1_000;
    await again.goto(url);
    await again.waitForURL(/\/liveform\/error-page\/TK-10001/);
    await again.getByText('This verification link has expired').waitFor();
    await check(again, audit, 'desktop-6-error-token-expired');
    t.clock.offsetMs = 0;

    // A tampered encrypted parameter: PV-40001, shown in Korean on a phone.
    const bytes = Buffer.from(encrypted, 'base64');
    bytes[5] = bytes[5]! ^ 0x20;
    const tampered = url
      .replace(encodeURIComponent(encrypted), encodeURIComponent(bytes.toString('base64')))
      .replace('lang=en', 'lang=ko');
    await phone.goto(tampered);
    await phone.waitForURL(/\/liveform\/error-page\/PV-40001/);
    await phone.getByRole('heading', { name: '이 링크는 사용할 수 없습니다' }).waitFor();
    await check(phone, audit, 'phone-7-error-tampered-ko');

    expect(audit.problems).toEqual([]);
    expect(audit.violations).toEqual([]);
  }, 300_000);
});
