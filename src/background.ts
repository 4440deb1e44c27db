import type { App } from './app.js';
import { payloadBuilders } from './http/webhook-payloads.js';
import { startKycBackground } from './jobs/kyc-background.js';
import { startDeliveryWorker } from './webhooks/delivery-worker.js';

/**
 * The work a serving process does besides answering requests: delivering webhooks and callbacks, AML screening
 * and monitoring, announcing time-expired tokens.
 */
export async function startBackgroundWork(app: App): Promise<{ stop(): void }> {
  const delivery = await startDeliveryWorker({
    ...app,
    builders: payloadBuilders,
    policy: { allowPrivate: app.config.callbackAllowPrivate, allowlist: app.config.callbackAllowlist },
    retryBaseMs: app.config.webhookRetryBaseMs,
  });
  const kyc = await startKycBackground(app);
  return {
    stop: () => {
      kyc.stop();
      delivery.stop();
    },
  };
}
