import type { PayloadBuilder } from '../webhooks/delivery-worker.js';
import { submissionPayloadBuilder } from './argos/submission-webhooks.js';

/**
 * How each kind of outbound event becomes its wire body. The vendor surfaces add their kinds here (the ARGOS
 * submission events, recognition callbacks, LINK callbacks); the delivery worker only signs and sends.
 */
export const payloadBuilders: Record<string, PayloadBuilder> = {
  // The operator's test event (admin API): a ping in the shape of the other webhooks.
  ping: {
    build: (event) => {
      const data = event.data as { projectId: string; sentAt: string };
      return { webhook_trigger: 'ping', project_id: data.projectId, sent_at: data.sentAt };
    },
    encryptable: true,
    requireHttps: true,
  },
  // ARGOS submission lifecycle and data events (argos.md §15), from the submissions domain's events.
  submission: submissionPayloadBuilder,
  // Callbacks whose body the edge built already (recognition, LINK): sent as they are, never encrypted.
  prebuilt: {
    build: (event) => event.data as object,
    encryptable: false,
    requireHttps: false,
  },
};
