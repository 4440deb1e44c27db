import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/app.js';
import { chromiumAvailable, launchChromium } from '../support/browser.js';

describe.runIf(chromiumAvailable())('API docs page in a real browser', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it('renders every operation of the generated document, with no failed request and no console error', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
      page.on('response', (response) => {
        if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
      });
      await page.goto(`${t.baseUrl}/docs/`, { waitUntil: 'networkidle' });
      await page.waitForSelector('.opblock', { timeout: 20_000 });
      const operations = await page.locator('.opblock-summary-path').allTextContents();
      expect(operations.map((text) => text.replace(/\u200b/g, ''))).toContain('/v3/submission/tokens');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
